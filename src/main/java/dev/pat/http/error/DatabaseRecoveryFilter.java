package dev.pat.http.error;

import dev.pat.platform.database.DatabaseOutages;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Every success of the API touched the database: if an outage was going on, it is over. */
public class DatabaseRecoveryFilter {

    private final DatabaseOutages outages;

    public DatabaseRecoveryFilter(DatabaseOutages outages) {
        this.outages = outages;
    }

    @ServerResponseFilter
    public void served(ContainerResponseContext response) {
        if (response.getStatus() < 300) {
            outages.served();
        }
    }
}
