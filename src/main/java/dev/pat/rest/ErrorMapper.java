package dev.pat.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.pat.api.ErrorBody;
import dev.pat.api.FieldError;
import dev.pat.config.PatConfig;
import dev.pat.security.CallerIdentity;
import dev.pat.service.Caller;
import dev.pat.service.DatabaseErrors;
import dev.pat.service.ServiceException;
import dev.pat.service.TokenEvents;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers. Every answer has the {@link ErrorBody} body;
 * none carries a stack trace, a class name or a driver message.
 */
public class ErrorMapper {

    private static final Map<Integer, ErrorBody> STATUS_BODIES = Map.of(
            400, new ErrorBody("The request is invalid", "bad_request"),
            401, new ErrorBody("A valid bearer credential is required", "unauthorized"),
            403, new ErrorBody("The credential is not allowed to do this", "forbidden"),
            404, new ErrorBody("Not found", "not_found"),
            405, new ErrorBody("Method not allowed", "method_not_allowed"),
            406, new ErrorBody("Only application/json can be produced", "not_acceptable"),
            413, new ErrorBody("The request body is too large", "payload_too_large"),
            415, new ErrorBody("Only application/json is accepted", "unsupported_media_type"));

    private final long retryAfterSeconds;
    private final TokenEvents events;
    private final DatabaseOutages outages;

    private final CurrentIdentityAssociation identities;

    public ErrorMapper(PatConfig config, TokenEvents events, DatabaseOutages outages, CurrentIdentityAssociation identities) {
        this.identities = identities;
        this.retryAfterSeconds = Math.max(1, config.database().retryAfter().toSeconds());
        this.events = events;
        this.outages = outages;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> service(ServiceException e) {
        int status = switch (e.kind()) {
            case NOT_FOUND -> 404;
            case INVALID -> 400;
            case CONFLICT -> 409;
            case STALE -> 412;
            case FORBIDDEN -> 403;
        };
        return json(status, new ErrorBody(e.getMessage(), e.code(), e.errors()));
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class,
            AuthenticationCompletionException.class})
    public RestResponse<ErrorBody> unauthorized(Exception e, HttpHeaders headers) {
        if (DatabaseUnavailable.causedBy(e)) {
            return unavailable(e);
        }
        countJwtRefusal(e);
        // RFC 6750: a presented credential that is refused is an invalid_token; none presented, a bare challenge.
        boolean presented = headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        return RestResponse.ResponseBuilder.<ErrorBody>create(401).entity(bodyFor(401))
                .header(HttpHeaders.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> forbidden(ForbiddenException e, ResourceInfo resource) {
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? "The credential is not allowed to do this" : e.getMessage();
        RestResponse.ResponseBuilder<ErrorBody> response = RestResponse.ResponseBuilder.<ErrorBody>create(403)
                .entity(new ErrorBody(message, "forbidden")).type(MediaType.APPLICATION_JSON_TYPE);
        // RFC 6750: when the credential's scopes are what is missing, say which scopes would do.
        List<String> wanted = declaredScopes(resource);
        Caller caller = currentCaller();
        if (!wanted.isEmpty() && caller != null && !caller.holdsAny(wanted.toArray(String[]::new))) {
            response.header(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"insufficient_scope\", scope=\"" + String.join(" ", wanted) + "\"");
        }
        return response.build();
    }

    /** The scopes the resource method accepts, as its {@code @PermissionsAllowed} declare them. */
    private static List<String> declaredScopes(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return List.of();
        }
        List<String> scopes = new ArrayList<>();
        for (PermissionsAllowed allowed : resource.getResourceMethod().getAnnotationsByType(PermissionsAllowed.class)) {
            for (String permission : allowed.value()) {
                if (permission.contains(":")) {
                    scopes.add(permission);
                }
            }
        }
        return scopes;
    }

    private Caller currentCaller() {
        try {
            SecurityIdentity identity = identities.getIdentity();
            return identity == null || identity.isAnonymous() ? null : CallerIdentity.of(identity);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidBean(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .collect(Collectors.toList());
        return json(400, new ErrorBody("The request is invalid", "validation_failed", errors));
    }

    /** Declared for the subclass itself: quarkus-rest-jackson maps it otherwise, without our body. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unreadableJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown && MergePatch.PASSWORD.equals(unknown.getPropertyName())) {
            ServiceException refused = MergePatch.passwordNotManaged();
            return json(400, new ErrorBody(refused.getMessage(), refused.code(), refused.errors()));
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return json(400, new ErrorBody("The request is invalid", "validation_failed",
                    List.of(new FieldError(MergePatch.fieldPath(unknown), "is not a writable field"))));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = MergePatch.fieldPath(mapping);
            if (!field.isEmpty()) {
                return json(400, new ErrorBody("The request is invalid", "validation_failed",
                        List.of(new FieldError(field, "has the wrong type or format"))));
            }
        }
        return json(400, new ErrorBody("The request body is not valid JSON of the expected shape", "malformed_body"));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // The JSON reader wraps what it could not bind; answer it like any other binding error.
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        RestResponse.ResponseBuilder<ErrorBody> answer = RestResponse.ResponseBuilder.<ErrorBody>create(status)
                .entity(bodyFor(status))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            answer.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unexpected(Throwable e) {
        if (DatabaseUnavailable.causedBy(e)) {
            return unavailable(e);
        }
        if (causedBy(e, jakarta.persistence.OptimisticLockException.class) || causedBy(e, org.hibernate.StaleStateException.class)) {
            // Two writers passed If-Match on the same version; the row's version check stopped the second.
            return json(412, new ErrorBody("The resource has changed since the version given in If-Match", "precondition_failed"));
        }
        if (DatabaseErrors.is(e, DatabaseErrors.UNIQUE_VIOLATION) || DatabaseErrors.is(e, DatabaseErrors.FOREIGN_KEY_VIOLATION)) {
            // A concurrent write got there first (a duplicate, or a row referenced or removed meanwhile).
            return json(409, new ErrorBody("The request conflicts with a concurrent change; retry", "conflict"));
        }
        Log.errorf(e, "Unexpected failure");
        return json(500, new ErrorBody("Unexpected error", "internal_error"));
    }

    /** The database is down, overloaded or too slow: a clear, retryable answer, never a hang or a 500. */
    private RestResponse<ErrorBody> unavailable(Throwable e) {
        outages.refused(DatabaseUnavailable.cause(e), e);
        return RestResponse.ResponseBuilder.<ErrorBody>create(503)
                .entity(new ErrorBody("The database is unavailable; retry later", "service_unavailable"))
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** Refusals of personal access tokens are counted where they are checked; this counts the rest. */
    private void countJwtRefusal(Exception e) {
        if (e instanceof UnauthorizedException) {
            events.refused(TokenEvents.Refusal.MISSING, null, null, null);
            return;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof org.jose4j.jwt.consumer.InvalidJwtException invalid) {
                TokenEvents.Refusal reason = invalid.hasExpired() ? TokenEvents.Refusal.EXPIRED
                        : invalid.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID) ? TokenEvents.Refusal.BAD_SIGNATURE
                        : TokenEvents.Refusal.INVALID_JWT;
                events.refused(reason, null, null, null);
                return;
            }
            if (cause instanceof io.smallrye.jwt.auth.principal.ParseException) {
                events.refused(TokenEvents.Refusal.INVALID_JWT, null, null, null);
                return;
            }
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The body of a status the framework answers by itself (404 of an unknown path, 405, 406, 413, 415). */
    static ErrorBody bodyFor(int status) {
        ErrorBody known = STATUS_BODIES.get(status);
        if (known != null) {
            return known;
        }
        Response.Status standard = Response.Status.fromStatusCode(status);
        return new ErrorBody(standard == null ? "Error" : standard.getReasonPhrase(), status >= 500 ? "internal_error" : "error");
    }

    private static RestResponse<ErrorBody> json(int status, ErrorBody body) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }


    private static String lastNode(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        // "create.body.name" -> "name": drop the method and parameter names.
        String[] parts = propertyPath.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
