package dev.pat.http.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/** The shape every error answer has: the {@link ErrorBody} as JSON, and the body of each status the framework answers alone. */
public final class ErrorResponses {

    private static final Map<Integer, ErrorBody> STATUS_BODIES = Map.of(
            400, new ErrorBody("The request is invalid", "bad_request"),
            401, new ErrorBody("A valid bearer credential is required", "unauthorized"),
            403, new ErrorBody("The credential is not allowed to do this", "forbidden"),
            404, new ErrorBody("Not found", "not_found"),
            405, new ErrorBody("Method not allowed", "method_not_allowed"),
            406, new ErrorBody("Only application/json can be produced", "not_acceptable"),
            413, new ErrorBody("The request body is too large", "payload_too_large"),
            415, new ErrorBody("Only application/json is accepted", "unsupported_media_type"));

    private ErrorResponses() {
    }

    static RestResponse<ErrorBody> json(int status, ErrorBody body) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The body of a status the framework answers by itself (404 of an unknown path, 405, 406, 413, 415). */
    public static ErrorBody bodyFor(int status) {
        ErrorBody known = STATUS_BODIES.get(status);
        if (known != null) {
            return known;
        }
        Response.Status standard = Response.Status.fromStatusCode(status);
        return new ErrorBody(standard == null ? "Error" : standard.getReasonPhrase(), status >= 500 ? "internal_error" : "error");
    }
}
