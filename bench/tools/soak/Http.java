import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The soak's HTTP client: one request to the service, its failures turned into an {@link Answer}, never thrown. */
final class Http {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(Long.parseLong(SoakDriver.env("SOAK_REQUEST_TIMEOUT", "30")));

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(String base) {
        this.base = base;
    }

    Answer send(String method, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Answer(Answer.CONNECT, String.valueOf(e));
        } catch (HttpTimeoutException e) {
            return new Answer(Answer.TIMEOUT, String.valueOf(e));
        } catch (IOException e) {
            return new Answer(e.getCause() instanceof ConnectException ? Answer.CONNECT : Answer.IO, String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Answer.IO, "interrupted");
        }
    }
}
