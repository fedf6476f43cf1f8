package dev.pat.rest;

import dev.pat.api.ErrorBody;
import dev.pat.security.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies the rate limit before any authentication or database work, keyed by the credential
 * (its digest, so no secret is kept in memory) or by the client address for anonymous calls,
 * and tells the client where it stands in the X-Rate-Limit-* headers.
 */
public class RateLimitFilter {

    private static final String DECISION = RateLimitFilter.class.getName();

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @ServerRequestFilter(preMatching = true)
    public RestResponse<ErrorBody> limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!limiter.enabled()) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String key = authorization == null ? "address:" + clientAddress(http) : "credential:" + digest(authorization);
        RateLimiter.Decision decision = limiter.acquire(key);
        request.setProperty(DECISION, decision);
        if (decision.allowed()) {
            return null;
        }
        RestResponse.ResponseBuilder<ErrorBody> answer = RestResponse.ResponseBuilder.<ErrorBody>create(429)
                .entity(new ErrorBody("Too many requests: at most " + decision.limit() + " per window; retry after "
                        + decision.resetSeconds() + " s", "rate_limited"))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, decision.resetSeconds());
        return answer.build();
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimiter.Decision decision) {
            response.getHeaders().putSingle("X-Rate-Limit-Limit", decision.limit());
            response.getHeaders().putSingle("X-Rate-Limit-Remaining", decision.remaining());
            response.getHeaders().putSingle("X-Rate-Limit-Reset", decision.resetSeconds());
        }
    }

    private static String clientAddress(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
