import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A user the soak acts as: its id and a JWT for it, one "&lt;user id&gt; &lt;JWT&gt;" line of the users file. */
record User(String id, String jwt) {

    static List<User> read(Path file) throws IOException {
        List<User> users = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                users.add(new User(parts[0], parts[1]));
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no \"<user id> <jwt>\" line");
        }
        return users;
    }
}
