package dev.pat.http;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** API answers carry credentials' data: no cache may keep them. */
public class NoStoreFilter {

    @ServerResponseFilter
    public void noStore(ContainerResponseContext response) {
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
