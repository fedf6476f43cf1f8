package dev.pat.http.ratelimit;

import dev.pat.http.ClientAddress;
import dev.pat.http.error.ErrorBody;
import dev.pat.security.Caller;
import dev.pat.security.CallerIdentity;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies the rate limits: per client ({@link ClientAddress}) before any authentication or database
 * work, per client for leak reports on the route as matched (so no spelling of its path escapes it), and per authenticated identity once the credential is known, so that spellings of
 * one credential and invented secrets share their budget. Answers carry the seed platform's
 * {@code X-Rate-Limit-*} headers and the IETF {@code RateLimit-Policy} / {@code RateLimit} fields of
 * the tighter of the two limits; a refusal is 429 with {@code Retry-After}.
 */
public class RateLimitFilter {

    private static final String DECISION = RateLimitFilter.class.getName();

    private final RateLimiter limiter;
    private final CurrentIdentityAssociation identity;

    public RateLimitFilter(RateLimiter limiter, CurrentIdentityAssociation identity) {
        this.limiter = limiter;
        this.identity = identity;
    }

    @ServerRequestFilter(preMatching = true)
    public RestResponse<ErrorBody> limitAddress(ContainerRequestContext request, HttpServerRequest http) {
        if (!limiter.enabled()) {
            return null;
        }
        return decide(request, limiter.address().acquire(ClientAddress.of(http)));
    }

    /** Anyone may report leaked secrets without a credential: the endpoint that takes them has a budget of its own, far smaller. */
    @ServerRequestFilter
    public RestResponse<ErrorBody> limitLeakReports(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (!limiter.enabled() || resource.getResourceMethod() == null
                || !resource.getResourceMethod().isAnnotationPresent(LeakReportLimit.class)) {
            return null;
        }
        return decide(request, limiter.leakedReports().acquire(ClientAddress.of(http)));
    }

    @ServerRequestFilter
    public Uni<RestResponse<ErrorBody>> limitIdentity(ContainerRequestContext request) {
        if (!limiter.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return identity.getDeferredIdentity().map(current -> {
            Caller caller = current.isAnonymous() ? null : CallerIdentity.of(current);
            if (caller == null) {
                return null;
            }
            String key = caller.tokenId() != null ? "token:" + caller.tokenId() : "subject:" + caller.accountId() + "/" + caller.userId();
            return decide(request, limiter.identity().acquire(key));
        });
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimiter.Decision decision) {
            response.getHeaders().putSingle("X-Rate-Limit-Limit", period(decision.period()));
            response.getHeaders().putSingle("X-Rate-Limit-Remaining", decision.remaining());
            response.getHeaders().putSingle("X-Rate-Limit-Reset", ceilToSecond(decision.reset()).toString());
            response.getHeaders().putSingle("RateLimit-Policy", "\"" + decision.policy() + "\";q=" + decision.limit()
                    + ";w=" + Math.max(1, decision.period().toSeconds()));
            response.getHeaders().putSingle("RateLimit", "\"" + decision.policy() + "\";r=" + decision.remaining()
                    + ";t=" + decision.resetSeconds());
            if (!decision.allowed()) {
                response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, decision.retryAfterSeconds());
            }
        }
    }

    /** Remembers the tighter decision for the headers (a refusal, with nothing left, always is); answers 429 when it refuses. */
    private static RestResponse<ErrorBody> decide(ContainerRequestContext request, RateLimiter.Decision decision) {
        if (!(request.getProperty(DECISION) instanceof RateLimiter.Decision earlier) || decision.remaining() <= earlier.remaining()) {
            request.setProperty(DECISION, decision);
        }
        if (decision.allowed()) {
            return null;
        }
        String per = "identity".equals(decision.policy()) ? "for this credential" : "from this address";
        return RestResponse.ResponseBuilder.<ErrorBody>create(429)
                .entity(new ErrorBody("Too many requests: at most " + decision.limit() + " per " + period(decision.period())
                        + " " + per + "; retry after " + decision.retryAfterSeconds() + " s", "rate_limited"))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, decision.retryAfterSeconds())
                .build();
    }

    /** The period as the seed platform's limiter writes it: 5s, 1m, 12h. */
    static String period(Duration period) {
        long seconds = Math.max(1, period.toSeconds());
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static Instant ceilToSecond(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.SECONDS);
        return floor.equals(instant) ? floor : floor.plusSeconds(1);
    }
}
