package dev.pat.http.error;

import dev.pat.platform.database.DatabaseFailures;
import dev.pat.security.Caller;
import dev.pat.security.CallerIdentity;
import dev.pat.security.CredentialRefusals;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A credential that is missing or refused (401), or not allowed what it asks (403), with the RFC
 * 6750 challenges. A refusal whose cause is the database being away is a 503, not a 401.
 */
public record CredentialFailureMapper(CredentialRefusals refusals, CurrentIdentityAssociation identities, FailureMapper failures) {

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class,
            AuthenticationCompletionException.class})
    public RestResponse<ErrorBody> unauthorized(Exception e, HttpHeaders headers) {
        if (DatabaseFailures.isUnavailability(e)) {
            return failures.unavailable(e);
        }
        countJwtRefusal(e);
        // RFC 6750: a presented credential that is refused is an invalid_token; none presented, a bare challenge.
        boolean presented = headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        return RestResponse.ResponseBuilder.<ErrorBody>create(401).entity(ErrorResponses.bodyFor(401))
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

    /** Refusals of token secrets are counted where they are checked; this counts the rest (JWTs, no credential). */
    private void countJwtRefusal(Exception e) {
        if (e instanceof UnauthorizedException) {
            refusals.refused(CredentialRefusals.Reason.MISSING);
            return;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof org.jose4j.jwt.consumer.InvalidJwtException invalid) {
                refusals.refused(invalid.hasExpired() ? CredentialRefusals.Reason.EXPIRED
                        : invalid.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID) ? CredentialRefusals.Reason.BAD_SIGNATURE
                        : CredentialRefusals.Reason.INVALID_JWT);
                return;
            }
            if (cause instanceof io.smallrye.jwt.auth.principal.ParseException) {
                refusals.refused(CredentialRefusals.Reason.INVALID_JWT);
                return;
            }
        }
    }
}
