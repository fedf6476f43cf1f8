package dev.pat.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between the service and PostgreSQL that can fail the way networks fail silently: on
 * {@link #silenceEstablished()} every connection already open stops forwarding in both directions
 * while its sockets stay open (no FIN, no RST: what a NAT or load balancer that forgot the flow, or
 * a database host replaced behind a moved address, looks like from the client), and new connections
 * keep being accepted and forwarded, to {@link #target} as it is then (so a test can also move the
 * address to another server). Plain blocking sockets, two threads per connection.
 */
public final class SilentProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile int targetPort;
    private volatile boolean closed;

    /** One client connection and its upstream, forwarding until silenced or closed. */
    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean silent;
        /** The client (the service) closed its end: a connection that went silent has been let go. */
        volatile boolean clientClosed;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    public SilentProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "silent-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** New connections go to this port from now on; the established ones are left as they are. */
    public void target(int port) {
        targetPort = port;
    }

    /** Every connection open now stops forwarding, silently; returns how many there were. */
    public int silenceEstablished() {
        int silenced = 0;
        for (Link link : links) {
            if (!link.silent) {
                link.silent = true;
                silenced++;
            }
        }
        return silenced;
    }

    /** Silenced connections the client has not closed yet: zero once the service let every dead one go. */
    public long silencedStillOpen() {
        return links.stream().filter(link -> link.silent && !link.clientClosed).count();
    }

    /** Connections accepted since the proxy started. */
    public int accepted() {
        return accepted.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Link link = new Link(client, upstream);
                links.add(link);
                accepted.incrementAndGet();
                pump(link, client, upstream, "up");
                pump(link, upstream, client, "down");
            } catch (IOException e) {
                if (!closed) {
                    // A refused upstream: the client's connection is dropped, as a real proxy would.
                    continue;
                }
            }
        }
    }

    private void pump(Link link, Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (link.silent) {
                        // Swallowed: the bytes were received (acknowledged by TCP) and go nowhere.
                        continue;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
                if (from == link.client) {
                    link.clientClosed = true;
                }
                if (!link.silent) {
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                if (from == link.client) {
                    link.clientClosed = true;
                }
                if (!link.silent) {
                    closeQuietly(link);
                }
            }
        }, "silent-proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Link link) {
        try {
            link.client.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            link.upstream.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(SilentProxy::closeQuietly);
    }

    /** The address the service is given instead of the database's. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }
}
