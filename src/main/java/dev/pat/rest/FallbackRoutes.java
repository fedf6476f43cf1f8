package dev.pat.rest;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * JSON answers for requests that no endpoint takes (unknown paths) and for failures raised
 * before the REST layer, so the HTTP server never answers with an HTML page or a bare status.
 */
@Singleton
public class FallbackRoutes {

    void install(@Observes Router router) {
        router.route().last().handler(context -> context.response()
                .setStatusCode(404)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(Json.encode(new ApiError(ErrorMapper.messageFor(404), ErrorMapper.codeFor(404)))));
    }
}
