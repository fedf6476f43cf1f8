package dev.pat.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A webhook receiver for tests: a real HTTP server on a port the kernel chose, recording every
 * delivery under the path it was posted to. A path answers 204 unless told otherwise: a queue of
 * statuses to answer first, or a delay before answering.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Delivery(String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> statuses = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            deliveries.add(new Delivery(path, headers, new String(body, StandardCharsets.UTF_8)));
            Long delay = delays.get(path);
            if (delay != null) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Deque<Integer> queued = statuses.get(path);
            Integer status = queued == null ? null : queued.poll();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
        });
        server.start();
    }

    /** A fresh path on this receiver, so that each test reads only its own deliveries. */
    public String newUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + UUID.randomUUID();
    }

    public static String path(String url) {
        return url.substring(url.indexOf("/hooks/"));
    }

    /** The path answers these statuses to its next requests, then 204. */
    public void answer(String url, Integer... statuses) {
        this.statuses.computeIfAbsent(path(url), ignored -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
    }

    /** The path waits this long before it answers. */
    public void delay(String url, long millis) {
        delays.put(path(url), millis);
    }

    public List<Delivery> received(String url) {
        String path = path(url);
        List<Delivery> mine = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (delivery.path().equals(path)) {
                mine.add(delivery);
            }
        }
        return mine;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
