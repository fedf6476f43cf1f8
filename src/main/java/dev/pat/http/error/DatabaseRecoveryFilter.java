package dev.pat.http.error;

import dev.pat.platform.database.DatabaseOutages;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every success of the API touched the database: if an outage was going on and the request began
 * after its latest refusal, the outage is over.
 */
public class DatabaseRecoveryFilter {

    private static final String STARTED = DatabaseRecoveryFilter.class.getName() + ".started";

    private final DatabaseOutages outages;

    public DatabaseRecoveryFilter(DatabaseOutages outages) {
        this.outages = outages;
    }

    @ServerRequestFilter(preMatching = true)
    public void started(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void served(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 300 && request.getProperty(STARTED) instanceof Long started) {
            outages.served(started);
        }
    }
}
