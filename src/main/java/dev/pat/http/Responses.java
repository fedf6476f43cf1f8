package dev.pat.http;

import dev.pat.crud.Versioned;
import dev.pat.listing.Page;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** The shapes of successful answers: single resources with their ETag, lists with the pagination headers. */
public final class Responses {

    private Responses() {
    }

    public static <T> RestResponse<T> ok(Versioned<T> versioned) {
        return RestResponse.ResponseBuilder.ok(versioned.body())
                .header(HttpHeaders.ETAG, ETags.of(versioned))
                .build();
    }

    /** 201 with the new resource's location, under the collection path. */
    public static <T> RestResponse<T> created(Versioned<T> versioned, String collection) {
        return RestResponse.ResponseBuilder.<T>created(URI.create(collection + "/" + versioned.id()))
                .entity(versioned.body())
                .header(HttpHeaders.ETAG, ETags.of(versioned))
                .build();
    }

    /**
     * The page as a JSON array, its totals in the seed API's headers; no Pagination-Count when more
     * than {@link Page#COUNT_BOUND} items match (a null header value leaves the header out).
     */
    public static <T> RestResponse<List<T>> page(Page<T> page) {
        return RestResponse.ResponseBuilder.ok(page.items())
                .header("Pagination-Count", page.total())
                .header("Pagination-Page", page.page())
                .header("Pagination-Limit", page.limit())
                .build();
    }
}
