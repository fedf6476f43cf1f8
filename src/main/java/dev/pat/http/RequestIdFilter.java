package dev.pat.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives each request an id, taken from a well-formed {@code X-Request-Id} or made fresh, puts it
 * in the logging context (every log line of the request carries it, as requestId in JSON logs)
 * and returns it in the response header so a client can quote it.
 */
public class RequestIdFilter {

    static final String HEADER = "X-Request-Id";
    private static final String PROPERTY = RequestIdFilter.class.getName();
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void assign(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && ACCEPTED.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setProperty(PROPERTY, id);
        MDC.put("requestId", id);
    }

    @ServerResponseFilter
    public void reply(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}
