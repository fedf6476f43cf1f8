package dev.pat.credential.rest;

import dev.pat.credential.api.IntrospectionBody;
import dev.pat.credential.api.IntrospectionRequest;
import dev.pat.credential.api.LeakedTokens;
import dev.pat.credential.service.LeakedTokenService;
import dev.pat.credential.service.SecretIntrospection;
import dev.pat.http.ratelimit.LeakReportLimit;
import dev.pat.platform.ServiceException;
import dev.pat.security.CallerIdentity;
import dev.pat.security.CurrentCaller;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** HTTP mapping of what other parties ask about secrets: introspection by resource servers, leak reports by scanners. */
@Path("/v3/personal-access-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Personal access tokens")
public class CredentialResource {

    private final SecretIntrospection introspection;
    private final LeakedTokenService leaked;
    private final CurrentCaller caller;

    public CredentialResource(SecretIntrospection introspection, LeakedTokenService leaked, CurrentCaller caller) {
        this.introspection = introspection;
        this.leaked = leaked;
        this.caller = caller;
    }

    @POST
    @Path("introspect")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "introspectPersonalAccessToken", summary = "Introspect a token secret (RFC 7662)",
            description = "For resource servers of the platform: what an active secret stands for, or exactly"
                    + " {\"active\": false}. A platform service's JWT (group introspector) may ask about any account's"
                    + " secrets, an account administrator's JWT about its own account's; a token secret never may."
                    + " The body is form-encoded token=<secret>, or JSON {\"token\": ...}. The optional client_ip is the"
                    + " address the secret came from: a token bound to networks is active only when it lies inside them,"
                    + " and inactive when client_ip is not given.")
    @RequestBody(content = {
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(implementation = IntrospectionRequest.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntrospectionRequest.class))})
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = IntrospectionBody.class)))
    @SecurityRequirement(name = "bearer")
    @PermissionsAllowed(CallerIdentity.INTROSPECTION)
    public Uni<Map<String, Object>> introspect(@FormParam("token") String token, @FormParam("client_ip") String clientIp) {
        return introspection.introspect(caller.get(), required(token), blankAsNull(clientIp)).map(IntrospectionBody::fields);
    }

    @POST
    @Path("introspect")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    @PermissionsAllowed(CallerIdentity.INTROSPECTION)
    public Uni<Map<String, Object>> introspectJson(IntrospectionRequest body) {
        return introspection.introspect(caller.get(), required(body == null ? null : body.token()),
                body == null ? null : blankAsNull(body.clientIp())).map(IntrospectionBody::fields);
    }

    @POST
    @Path("revoke-leaked")
    @PermitAll
    @LeakReportLimit
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "revokeLeakedPersonalAccessTokens", summary = "Report leaked token secrets",
            description = "For secret scanners: every listed secret that belongs to an active token is revoked at once."
                    + " No credential is needed, and the answer is the same whatever the strings were. At most 1,000 a"
                    + " request; rate-limited per client address.")
    @APIResponse(responseCode = "202", description = "Accepted")
    @SecurityRequirements
    public Uni<RestResponse<Void>> revokeLeaked(LeakedTokens body) {
        return leaked.revoke(body == null ? null : body.credentials()).map(ignored -> RestResponse.accepted());
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String required(String token) {
        if (token == null || token.isEmpty()) {
            throw ServiceException.invalid("token", "is required");
        }
        return token;
    }
}
