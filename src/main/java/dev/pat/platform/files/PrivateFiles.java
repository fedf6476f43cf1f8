package dev.pat.platform.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that only the account running the service may read: private keys and generated passwords,
 * {@code rw-------}, in directories of its own, {@code rwx------}. A file or directory written
 * before with looser permissions is tightened, never left as it was. Where the file system has no
 * POSIX permissions (Windows), the owner-only flags of {@link java.io.File} are the closest there is.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates the directory (and its missing parents) for the owner only, or tightens it if it exists. */
    public static Path directory(Path directory) throws IOException {
        Files.createDirectories(directory);
        restrict(directory, OWNER_ONLY_DIRECTORY);
        return directory;
    }

    /**
     * Writes the text to a file readable by its owner only: in a file created so beside it, moved
     * over the target at once, so that the text is never readable by others, not even for a moment,
     * and never half written.
     */
    public static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path partial = POSIX
                ? Files.createTempFile(parent, "." + file.getFileName(), ".partial", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                : Files.createTempFile(parent, "." + file.getFileName(), ".partial");
        try {
            restrict(partial, OWNER_READ_WRITE);
            Files.writeString(partial, text);
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Takes away every permission of group and others from an existing file. */
    public static void tighten(Path file) throws IOException {
        restrict(file, Files.isDirectory(file) ? OWNER_ONLY_DIRECTORY : OWNER_READ_WRITE);
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(path, permissions);
            return;
        }
        java.io.File file = path.toFile();
        boolean directory = file.isDirectory();
        file.setReadable(false, false);
        file.setWritable(false, false);
        file.setExecutable(false, false);
        file.setReadable(true, true);
        file.setWritable(true, true);
        if (directory) {
            file.setExecutable(true, true);
        }
    }
}
