package dev.pat.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver that stalls: it reads the request, answers {@code 200} with
 * {@code Content-Length: 1000000}, and then never sends a byte of that body, holding the connection
 * open until the service drops it (or the receiver is closed). What a client that waits for the end
 * of the body never gets out of. It counts the connections it accepted, the ones open now, the most
 * open at once, and the ones the service closed.
 */
public final class StallingReceiver implements AutoCloseable {

    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger closedByService = new AtomicInteger();
    private volatile boolean closed;

    public StallingReceiver() {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(this::accept, "stalling-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A URL on this receiver, named by {@code host} (which must lead to the loopback address). */
    public String url(String host) {
        return "http://" + host + ":" + server.getLocalPort() + "/hooks/" + UUID.randomUUID();
    }

    /** Requests answered with the head of a body that never comes. */
    public int answered() {
        return answered.get();
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** The most connections that were open at once. */
    public int maxOpen() {
        return maxOpen.get();
    }

    /** Connections the service closed (it gave up on the body). */
    public int closedByService() {
        return closedByService.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(socket);
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            Thread stall = new Thread(() -> stall(socket), "stalling-receiver-connection");
            stall.setDaemon(true);
            stall.start();
        }
    }

    private void stall(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            int length = contentLength(readHead(in));
            in.readNBytes(length);
            OutputStream out = socket.getOutputStream();
            out.write(HEAD);
            out.flush();
            answered.incrementAndGet();
            // Nothing more is sent; the service's end of the connection is all that can end it.
            if (in.read() == -1 && !closed) {
                closedByService.incrementAndGet();
            }
        } catch (SocketException e) {
            if (!closed) {
                closedByService.incrementAndGet();
            }
        } catch (IOException e) {
            // a broken request: nothing to count
        } finally {
            open.decrementAndGet();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }
}
