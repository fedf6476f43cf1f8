package dev.pat.platform.database.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses a port for a server of our own (the embedded PostgreSQL) below the kernel's ephemeral
 * range. A port found free in that range can be given to any outgoing connection before the server
 * binds it, or while the server is restarted; a port below it is only ever taken by an explicit
 * bind, so a server that stops and starts again finds its port still free.
 */
public final class LocalPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 15_000;
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    private static final int ATTEMPTS = 100;

    private LocalPorts() {
    }

    /** A port free now, outside the ephemeral range where one is found, else any free one. */
    public static int free() {
        int end = ephemeralStart();
        for (int i = 0; end > LOWEST + 1 && i < ATTEMPTS; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
            if (bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port", e);
        }
    }

    static int ephemeralStart() {
        try {
            // Not Files.readString: procfs reports a size of 0 and the read comes back short.
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
