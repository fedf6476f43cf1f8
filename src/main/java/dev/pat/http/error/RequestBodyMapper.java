package dev.pat.http.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.pat.http.MergePatch;
import dev.pat.platform.FieldError;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request the framework could not take: a body that is not JSON of the expected shape, a field
 * the record does not have or of the wrong type, a declared constraint broken, or a status the
 * framework answers by itself (404, 405, 406, 413, 415). Each is a 400 naming the field where there
 * is one, or the status with its error body.
 */
public class RequestBodyMapper {

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidBean(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(withoutMethodAndParameter(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return ErrorResponses.json(400, new ErrorBody("The request is invalid", "validation_failed", errors));
    }

    /** Declared for the subclass itself: quarkus-rest-jackson maps it otherwise, without our body. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unreadableJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ErrorResponses.json(400, new ErrorBody("The request is invalid", "validation_failed",
                    List.of(new FieldError(MergePatch.fieldPath(unknown), "is not a writable field"))));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = MergePatch.fieldPath(mapping);
            if (!field.isEmpty()) {
                return ErrorResponses.json(400, new ErrorBody("The request is invalid", "validation_failed",
                        List.of(new FieldError(field, "has the wrong type or format"))));
            }
        }
        return ErrorResponses.json(400, new ErrorBody("The request body is not valid JSON of the expected shape", "malformed_body"));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // The JSON reader wraps what it could not bind; answer it like any other binding error.
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        RestResponse.ResponseBuilder<ErrorBody> answer = RestResponse.ResponseBuilder.<ErrorBody>create(status)
                .entity(ErrorResponses.bodyFor(status))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            answer.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return answer.build();
    }

    /** "create.body.name" becomes "name": the method and parameter names mean nothing to a client. */
    private static String withoutMethodAndParameter(String propertyPath) {
        String[] parts = propertyPath.split("\\.");
        if (parts.length > 2) {
            return String.join(".", Arrays.copyOfRange(parts, 2, parts.length));
        }
        int dot = propertyPath.indexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
