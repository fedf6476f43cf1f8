import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of PostgreSQL that fails the way networks fail silently, for
 * bench/revocation-delay.sh and bench/failover-drill.sh; a single-file source program
 * ({@code java bench/tools/FaultProxy.java ...}), so the JDK that runs the service is all it needs.
 *
 * <pre>
 * java FaultProxy.java CONTROL_PORT TARGET_PORT FRONT_PORT...
 *     Listens on 127.0.0.1 on every FRONT_PORT and forwards each connection to 127.0.0.1:TARGET_PORT
 *     (the target as it is when the connection is accepted). Commands on CONTROL_PORT (127.0.0.1),
 *     one a line, each answered by one line:
 *       silence            every established connection stops forwarding, both ways, silently
 *       silence FRONT_PORT only the connections accepted on that front port
 *       target PORT        new connections go to PORT from now on; established ones are left alone
 *       status             target, accepted, refused, open, silenced_open (silenced, client not gone yet)
 *       quit               ends the proxy
 * </pre>
 *
 * A silenced connection keeps both sockets open and swallows whatever arrives from either side:
 * no FIN, no RST, no byte, which is what a NAT or load balancer that forgot the flow, or a database
 * host that died behind an address moved elsewhere, looks like from the client. Only when the
 * client itself closes it does the proxy close the upstream side too (so that the server's backend
 * does not linger). A connection whose upstream cannot be reached is closed at once, as a real
 * proxy would. Each connection's opening and end is logged (standard error): which side closed it
 * first (a client that ends a connection politely sends PostgreSQL a Terminate message, so the
 * server's side may close first), or for a silenced one when its client let it go. Plain blocking
 * sockets on virtual threads, two per connection.
 */
public class FaultProxy {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** One client connection and its upstream. */
    private static final class Link {
        final int number;
        final long opened = System.nanoTime();
        final int front;
        final Socket client;
        final Socket upstream;
        volatile boolean silent;
        volatile boolean clientGone;
        volatile boolean closed;
        /** Which side ended the connection first: "client" or "server"; set once. */
        final java.util.concurrent.atomic.AtomicReference<String> endedBy = new java.util.concurrent.atomic.AtomicReference<>();

        Link(int number, int front, Socket client, Socket upstream) {
            this.number = number;
            this.front = front;
            this.client = client;
            this.upstream = upstream;
        }

        void close() {
            closed = true;
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int target;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: FaultProxy CONTROL_PORT TARGET_PORT FRONT_PORT...");
            System.exit(2);
        }
        FaultProxy proxy = new FaultProxy();
        proxy.target = Integer.parseInt(args[1]);
        ServerSocket control = new ServerSocket(Integer.parseInt(args[0]), 50, LOOPBACK);
        for (int i = 2; i < args.length; i++) {
            ServerSocket front = new ServerSocket(Integer.parseInt(args[i]), 200, LOOPBACK);
            Thread.ofVirtual().start(() -> proxy.accept(front));
        }
        log("listening on " + String.join(", ", List.of(args).subList(2, args.length)) + ", target " + proxy.target
                + ", control " + args[0]);
        while (true) {
            Socket socket = control.accept();
            Thread.ofVirtual().start(() -> proxy.control(socket));
        }
    }

    private static void log(String message) {
        System.err.println("[fault-proxy " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "] " + message);
    }

    private void control(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                String answer = switch (words[0]) {
                    case "silence" -> "silenced " + silence(words.length > 1 ? Integer.parseInt(words[1]) : -1);
                    case "target" -> {
                        target = Integer.parseInt(words[1]);
                        log("new connections go to port " + target);
                        yield "target " + target;
                    }
                    case "status" -> status();
                    case "quit" -> {
                        log("quit");
                        out.println("bye");
                        System.exit(0);
                        yield "bye";
                    }
                    default -> "error unknown command: " + line;
                };
                out.println(answer);
            }
        } catch (IOException | RuntimeException e) {
            log("control connection ended: " + e);
        }
    }

    private int silence(int front) {
        int silenced = 0;
        for (Link link : links) {
            if (!link.closed && !link.silent && (front < 0 || link.front == front)) {
                link.silent = true;
                silenced++;
            }
        }
        log("silenced " + silenced + " established connection(s)" + (front < 0 ? "" : " accepted on port " + front));
        return silenced;
    }

    private String status() {
        long open = links.stream().filter(link -> !link.closed).count();
        long silencedOpen = links.stream().filter(link -> link.silent && !link.clientGone).count();
        return "target=" + target + " accepted=" + accepted.get() + " refused=" + refused.get() + " open=" + open
                + " silenced_open=" + silencedOpen;
    }

    private void accept(ServerSocket front) {
        while (true) {
            Socket client;
            try {
                client = front.accept();
            } catch (IOException e) {
                log("accept on " + front.getLocalPort() + " failed: " + e);
                return;
            }
            int port = target;
            Socket upstream;
            try {
                upstream = new Socket(LOOPBACK, port);
            } catch (IOException e) {
                // Nothing listens there (the old primary is down, the new one not up yet): dropped.
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException ignored) {
                // only latency
            }
            Link link = new Link(accepted.incrementAndGet(), front.getLocalPort(), client, upstream);
            links.add(link);
            log("#" + link.number + " opened on " + link.front + " to " + port);
            Thread.ofVirtual().start(() -> pump(link, client, upstream));
            Thread.ofVirtual().start(() -> pump(link, upstream, client));
        }
    }

    private void pump(Link link, Socket from, Socket to) {
        boolean fromClient = from == link.client;
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (link.silent) {
                    continue; // received (TCP acknowledged it) and dropped
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the end of this side, as an EOF
        }
        if (!link.closed) {
            link.endedBy.compareAndSet(null, fromClient ? "client" : "server");
        }
        if (!link.silent) {
            link.close();
        } else if (fromClient) {
            // The client let the silent connection go: only now may the server's side go too.
            link.clientGone = true;
            link.close();
        } else {
            // The server's end (the old primary died): the client must hear nothing of it.
            closeQuietly(link.upstream);
        }
        if (link.closed && links.remove(link)) {
            long ms = (System.nanoTime() - link.opened) / 1_000_000;
            log(link.silent
                    ? "#" + link.number + " (silenced) let go by its client after " + ms + " ms"
                    : "#" + link.number + " closed by the " + link.endedBy.get() + " after " + ms + " ms");
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
