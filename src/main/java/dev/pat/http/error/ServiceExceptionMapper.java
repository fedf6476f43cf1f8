package dev.pat.http.error;

import dev.pat.platform.ServiceException;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refusal a service raised, one the caller can act on: its kind is the status, its code and fields the body. */
public class ServiceExceptionMapper {

    @ServerExceptionMapper
    public RestResponse<ErrorBody> refused(ServiceException e) {
        int status = switch (e.kind()) {
            case NOT_FOUND -> 404;
            case INVALID -> 400;
            case CONFLICT -> 409;
            case STALE -> 412;
            case FORBIDDEN -> 403;
            case BUSY -> 429;
            case UNPROCESSABLE -> 422;
        };
        RestResponse<ErrorBody> response = ErrorResponses.json(status, new ErrorBody(e.getMessage(), e.code(), e.errors()));
        if (e.kind() == ServiceException.Kind.BUSY) {
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, 1);
        }
        return response;
    }
}
