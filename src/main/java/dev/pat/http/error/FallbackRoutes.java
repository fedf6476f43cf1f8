package dev.pat.http.error;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The JSON 404 for requests that no endpoint takes (unknown paths), instead of the router's
 * plain-text page. Limits enforced by the HTTP codec itself (413, 414, 431) stay bare statuses.
 */
@Singleton
public class FallbackRoutes {

    void install(@Observes Router router) {
        router.route().last().handler(context -> context.response()
                .setStatusCode(404)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(Json.encode(ErrorResponses.bodyFor(404))));
    }
}
