package dev.pat.abuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests sent exactly as written: the raw path and query go on the request line untouched.
 * rest-assured cannot do this, even with URL encoding off: it merges double slashes
 * (PathSupport.mergeAndRemoveDoubleSlash) and re-parses the path, so {@code //v3/...} would
 * arrive as {@code /v3/...}. The JDK client writes {@code URI.getRawPath()} as given.
 */
final class RawHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Responses produced by the HTTP codec itself, before any route runs, carry no body we control. */
    static final java.util.Set<Integer> CODEC_STATUSES = java.util.Set.of(414, 431);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RawHttp() {
    }

    /** One answer: status, headers and the body as text. */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        boolean isJson() {
            String type = header("Content-Type");
            return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            if (body == null || body.isEmpty()) {
                return null;
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        String describe() {
            String text = body == null ? "" : body;
            return "status " + status + ", Content-Type " + header("Content-Type") + ", body "
                    + (text.length() > 400 ? text.substring(0, 400) + "...(" + text.length() + " chars)" : text);
        }
    }

    /** A request with a raw path and query (starting with /), headers, and an optional body. */
    static final class Request {
        private final String method;
        private final String rawPathAndQuery;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private boolean expectContinue;

        Request(String method, String rawPathAndQuery) {
            this.method = method;
            this.rawPathAndQuery = rawPathAndQuery;
        }

        Request header(String name, String value) {
            if (value != null) {
                headers.put(name, value);
            }
            return this;
        }

        Request bearer(String credential) {
            return credential == null ? this : header("Authorization", "Bearer " + credential);
        }

        Request json(String text) {
            this.body = text;
            headers.putIfAbsent("Content-Type", "application/json");
            return this;
        }

        Request body(String text) {
            this.body = text;
            return this;
        }

        Request expectContinue() {
            this.expectContinue = true;
            return this;
        }

        String method() {
            return method;
        }

        String rawPathAndQuery() {
            return rawPathAndQuery;
        }

        Map<String, String> headers() {
            return headers;
        }

        String body() {
            return body;
        }

        HttpRequest build() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri(rawPathAndQuery)).timeout(TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (expectContinue) {
                builder.expectContinue(true);
            }
            headers.forEach(builder::header);
            return builder.build();
        }

        Answer send() {
            return RawHttp.send(build());
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(method).append(' ').append(abbreviate(rawPathAndQuery, 300));
            headers.forEach((name, value) -> text.append(" [").append(name).append(": ").append(abbreviate(value, 200)).append(']'));
            if (body != null) {
                text.append(" body ").append(abbreviate(body, 300));
            }
            return text.toString();
        }
    }

    static Request get(String rawPath) {
        return new Request("GET", rawPath);
    }

    static Request delete(String rawPath) {
        return new Request("DELETE", rawPath);
    }

    static Request patch(String rawPath, String json) {
        return new Request("PATCH", rawPath).json(json);
    }

    static Request post(String rawPath, String json) {
        return new Request("POST", rawPath).json(json);
    }

    /** The address of the application under test: rest-assured's, which @QuarkusTest sets before each test. */
    static URI uri(String rawPathAndQuery) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + rawPathAndQuery);
    }

    /**
     * Sends the request; retried once when the connection fails before an answer, which happens
     * when the server has just closed a pooled keep-alive connection (it does after 413, 414, 431).
     */
    static Answer send(HttpRequest request) {
        try {
            try {
                return exchange(request);
            } catch (IOException first) {
                return exchange(request);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("No answer to " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers(), new String(response.body(), StandardCharsets.UTF_8));
    }

    /** Like {@link #send} but without the retry, for tests where the server may legitimately cut the connection. */
    static Answer sendOnce(HttpRequest request) throws IOException {
        try {
            return exchange(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Decodes every %XX (as UTF-8), leaving everything else as it is; for comparing paths with ids. */
    static String percentDecode(String raw) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                    && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes every UTF-8 byte outside RFC 3986's unreserved set, so the result is always a valid path segment or query part. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Why the answer breaks the error contract ({"message", "code"} as JSON, no internals), or null
     * when it keeps it or is not an error. 414 and 431 come from the HTTP codec before any route
     * runs and carry no body the service controls; they are accepted as they are.
     */
    static String errorContractProblem(Answer answer) {
        if (answer.status() < 400 || CODEC_STATUSES.contains(answer.status())) {
            return null;
        }
        if (!answer.isJson()) {
            return "error without a JSON body: " + answer.describe();
        }
        JsonNode body = answer.json();
        if (body == null || !body.isObject()) {
            return "error body is not a JSON object: " + answer.describe();
        }
        if (!body.path("message").isTextual() || body.path("message").asText().isBlank()) {
            return "error body without a message: " + answer.describe();
        }
        if (!body.path("code").isTextual() || body.path("code").asText().isBlank()) {
            return "error body without a code: " + answer.describe();
        }
        for (String leak : new String[] {"java.", "jakarta.", "io.quarkus", "io.vertx", "org.hibernate", "dev.pat.",
                "Exception", "\tat "}) {
            if (answer.body().contains(leak)) {
                return "error body leaks '" + leak + "': " + answer.describe();
            }
        }
        return null;
    }

    static String abbreviate(String text, int max) {
        if (text == null) {
            return "null";
        }
        String printable = text.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
        return printable.length() <= max ? printable : printable.substring(0, max) + "...(" + text.length() + " chars)";
    }
}
