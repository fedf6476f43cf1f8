package dev.pat.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pat.api.CreateTokenBody;
import dev.pat.api.IntrospectTokenBody;
import dev.pat.api.IntrospectionBody;
import dev.pat.api.LeakedTokensBody;
import dev.pat.api.PersonalAccessTokenBody;
import dev.pat.api.RotateTokenBody;
import dev.pat.api.TokenUsageBody;
import dev.pat.api.UpdateTokenBody;
import dev.pat.security.CallerIdentity;
import dev.pat.security.CurrentCaller;
import dev.pat.service.PersonalAccessTokenService;
import dev.pat.service.LeakedTokenService;
import dev.pat.service.Scopes;
import dev.pat.service.ServiceException;
import dev.pat.service.TokenAuthenticationService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** HTTP mapping of the personal access token operations; each method hands one call to a service. */
@Path(PersonalAccessTokenResource.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Personal access tokens")
@SecurityRequirement(name = "bearer")
public class PersonalAccessTokenResource {

    static final String PATH = "/v3/personal-access-tokens";

    private final PersonalAccessTokenService tokens;
    private final CurrentCaller caller;
    private final MergePatch mergePatch;
    private final ObjectMapper json;
    private final TokenAuthenticationService authentication;
    private final LeakedTokenService leaked;

    public PersonalAccessTokenResource(PersonalAccessTokenService tokens, CurrentCaller caller, MergePatch mergePatch,
            ObjectMapper json, TokenAuthenticationService authentication, LeakedTokenService leaked) {
        this.authentication = authentication;
        this.leaked = leaked;
        this.tokens = tokens;
        this.caller = caller;
        this.mergePatch = mergePatch;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createPersonalAccessToken", summary = "Create a personal access token",
            description = "Creates a token owned by the caller. The response carries the secret in `token`, this once only.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = PersonalAccessTokenBody.class)))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    public Uni<RestResponse<PersonalAccessTokenBody>> create(CreateTokenBody body) {
        return tokens.create(caller.get(), body).map(created -> Responses.created(created, PATH));
    }

    @GET
    @Operation(operationId = "listPersonalAccessTokens", summary = "List personal access tokens",
            description = "The account's tokens for an administrator, the caller's own otherwise; userId filters by owner"
                    + " (administrators).")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PersonalAccessTokenBody.class)))
    @PermissionsAllowed({Scopes.TOKEN_READ, Scopes.TOKEN_WRITE})
    public Uni<RestResponse<List<PersonalAccessTokenBody>>> list(@Context UriInfo uri) {
        return tokens.list(caller.get(), ListParameters.parse(uri.getQueryParameters(), tokens.listSpec()))
                .map(Responses::page);
    }

    @GET
    @Path("self")
    @Operation(operationId = "getCurrentPersonalAccessToken", summary = "The token of this request", description = "The personal access token that authenticated this"
            + " very request; 404 when the caller used a JWT.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = PersonalAccessTokenBody.class)))
    public Uni<RestResponse<PersonalAccessTokenBody>> self() {
        return tokens.self(caller.get()).map(Responses::ok);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getPersonalAccessToken", summary = "Retrieve a personal access token",
            description = "Retrieves the details of an existing personal access token.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = PersonalAccessTokenBody.class)))
    @PermissionsAllowed({Scopes.TOKEN_READ, Scopes.TOKEN_WRITE})
    public Uni<RestResponse<PersonalAccessTokenBody>> get(
            @Parameter(description = "Unique identifier for the personal access token.") @PathParam("id") String id) {
        return tokens.get(caller.get(), id).map(Responses::ok);
    }

    @GET
    @Path("{id}/usage")
    @Operation(operationId = "getPersonalAccessTokenUsage", summary = "When and from where a token was last used",
            description = "lastUsedAt and the five most recent distinct client addresses, newest first.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = TokenUsageBody.class)))
    @PermissionsAllowed({Scopes.TOKEN_READ, Scopes.TOKEN_WRITE})
    public Uni<TokenUsageBody> usage(@PathParam("id") String id) {
        return tokens.usage(caller.get(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
    @Operation(operationId = "updatePersonalAccessToken", summary = "Update a personal access token",
            description = "Changes name, expiresAt or scopes, or revokes with revoked: true. Other fields are refused."
                    + " If-Match with the ETag guards against lost updates (412 when stale).")
    @RequestBody(content = @Content(schema = @Schema(implementation = UpdateTokenBody.class)))
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = PersonalAccessTokenBody.class)))
    @APIResponse(responseCode = "412", description = "The If-Match version is stale",
            content = @Content(schema = @Schema(ref = "Error")))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    public Uni<RestResponse<PersonalAccessTokenBody>> update(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, ObjectNode patch) {
        return tokens.update(caller.get(), id, ETags.ifMatch(ifMatch), mergePatch.of(patch, UpdateTokenBody.class))
                .map(Responses::ok);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deletePersonalAccessToken", summary = "Delete a personal access token")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "412", description = "The If-Match version is stale",
            content = @Content(schema = @Schema(ref = "Error")))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return tokens.delete(caller.get(), id, ETags.ifMatch(ifMatch)).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("{id}/rotate")
    @Operation(operationId = "rotatePersonalAccessToken", summary = "Rotate a personal access token",
            description = "Issues a new secret for the same token; the old secret is refused from now on. The response"
                    + " carries the new secret in `token`, this once only.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = PersonalAccessTokenBody.class)))
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RotateTokenBody.class)))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    public Uni<RestResponse<PersonalAccessTokenBody>> rotate(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) throws JsonProcessingException {
        // The body is optional, so a bare POST without Content-Type must work too.
        RotateTokenBody request = body == null || body.isBlank() ? null : json.readValue(body, RotateTokenBody.class);
        return tokens.rotate(caller.get(), id, ETags.ifMatch(ifMatch), request == null ? null : request.expiresAt(),
                        request == null ? null : request.gracePeriodSeconds())
                .map(Responses::ok);
    }

    @POST
    @Path("introspect")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "introspectPersonalAccessToken", summary = "Introspect a token secret (RFC 7662)",
            description = "For resource servers of the platform: what an active secret stands for, or exactly"
                    + " {\"active\": false}. A platform service's JWT (group introspector) may ask about any account's"
                    + " secrets, an account administrator's JWT about its own account's; a token secret never may."
                    + " The body is form-encoded token=<secret>, or JSON {\"token\": ...}.")
    @RequestBody(content = {
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(implementation = IntrospectTokenBody.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntrospectTokenBody.class))})
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = IntrospectionBody.class)))
    @PermissionsAllowed(CallerIdentity.INTROSPECTION)
    public Uni<Map<String, Object>> introspect(@FormParam("token") String token) {
        return authentication.introspect(caller.get(), required(token)).map(IntrospectionBody::fields);
    }

    @POST
    @Path("introspect")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    @PermissionsAllowed(CallerIdentity.INTROSPECTION)
    public Uni<Map<String, Object>> introspectJson(IntrospectTokenBody body) {
        return authentication.introspect(caller.get(), required(body == null ? null : body.token())).map(IntrospectionBody::fields);
    }

    @POST
    @Path("revoke-leaked")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "revokeLeakedPersonalAccessTokens", summary = "Report leaked token secrets",
            description = "For secret scanners: every listed secret that belongs to an active token is revoked at once."
                    + " No credential is needed, and the answer is the same whatever the strings were. At most 1,000 a"
                    + " request; rate-limited per client address.")
    @APIResponse(responseCode = "202", description = "Accepted")
    @SecurityRequirements
    public Uni<RestResponse<Void>> revokeLeaked(LeakedTokensBody body) {
        return leaked.revoke(body == null ? null : body.credentials()).map(ignored -> RestResponse.accepted());
    }

    private static String required(String token) {
        if (token == null || token.isEmpty()) {
            throw ServiceException.invalid("token", "is required");
        }
        return token;
    }
}
