package dev.pat.token.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.crud.Patch;
import dev.pat.http.ETags;
import dev.pat.http.MergePatch;
import dev.pat.http.Responses;
import dev.pat.listing.ListParameters;
import dev.pat.security.CallerIdentity;
import dev.pat.security.CurrentCaller;
import dev.pat.security.Scopes;
import dev.pat.token.TokenListing;
import dev.pat.token.api.AllowedCidrsBody;
import dev.pat.token.api.AllowedCidrsInput;
import dev.pat.token.api.CreatePersonalAccessToken;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.api.RevokePersonalAccessTokens;
import dev.pat.token.api.RevokedPersonalAccessTokensBody;
import dev.pat.token.api.RotatePersonalAccessToken;
import dev.pat.token.api.TokenUsageBody;
import dev.pat.token.api.UpdatePersonalAccessToken;
import dev.pat.token.service.TokenAllowedCidrs;
import dev.pat.token.service.TokenBulkRevocation;
import dev.pat.token.service.TokenCreation;
import dev.pat.token.service.TokenDeletion;
import dev.pat.token.service.TokenReads;
import dev.pat.token.service.TokenRotation;
import dev.pat.token.service.TokenUpdate;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** HTTP mapping of the personal access token operations; each method hands one call to a service. */
@Path(PersonalAccessTokenResource.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Personal access tokens")
@SecurityRequirement(name = "bearer")
public class PersonalAccessTokenResource {

    public static final String PATH = "/v3/personal-access-tokens";

    /** The IETF httpapi draft's header: a retry with the same key gets the first answer again. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENCY_KEY_DESCRIPTION = "Up to 255 visible ASCII characters (quoted or not). A retry with the same key and"
            + " body from the same caller within 10 minutes gets the first answer again (the secret included) and changes nothing;"
            + " the same key with another body is a 422 idempotency_key_reused, and while the first is under way a 409"
            + " idempotency_key_in_use. Without it, every request is a new one.";

    private final TokenReads reads;
    private final TokenCreation creation;
    private final TokenUpdate update;
    private final TokenRotation rotation;
    private final TokenDeletion deletion;
    private final TokenAllowedCidrs networks;
    private final TokenBulkRevocation bulkRevocation;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    public PersonalAccessTokenResource(TokenReads reads, TokenCreation creation, TokenUpdate update, TokenRotation rotation,
            TokenDeletion deletion, TokenAllowedCidrs networks, TokenBulkRevocation bulkRevocation, CurrentCaller caller,
            ObjectMapper json) {
        this.reads = reads;
        this.creation = creation;
        this.update = update;
        this.rotation = rotation;
        this.deletion = deletion;
        this.networks = networks;
        this.bulkRevocation = bulkRevocation;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createPersonalAccessToken", summary = "Create a personal access token",
            description = "Creates a token owned by the caller. The response carries the secret in `token`, this once only.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = PersonalAccessTokenBody.class)))
    @APIResponse(responseCode = "409", description = "too_many_tokens, or idempotency_key_in_use: a request with this Idempotency-Key"
            + " is still under way", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "422", description = "idempotency_key_reused: this Idempotency-Key came with another request",
            content = @Content(schema = @Schema(ref = "Error")))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    public Uni<RestResponse<PersonalAccessTokenBody>> create(CreatePersonalAccessToken body,
            @Parameter(description = IDEMPOTENCY_KEY_DESCRIPTION) @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return creation.create(caller.get(), body, idempotencyKey).map(created -> Responses.created(created, PATH));
    }

    @GET
    @Operation(operationId = "listPersonalAccessTokens", summary = "List personal access tokens",
            description = "The account's tokens for an administrator, the caller's own otherwise; userId filters by owner"
                    + " (administrators).")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PersonalAccessTokenBody.class)))
    @PermissionsAllowed({Scopes.TOKEN_READ, Scopes.TOKEN_WRITE})
    public Uni<RestResponse<List<PersonalAccessTokenBody>>> list(@Context UriInfo uri) {
        return reads.list(caller.get(), ListParameters.parse(uri.getQueryParameters(), TokenListing.TOKENS))
                .map(Responses::page);
    }

    @GET
    @Path("self")
    @Operation(operationId = "getCurrentPersonalAccessToken", summary = "The token of this request", description = "The personal access token that authenticated this"
            + " very request; 404 when the caller used a JWT. Without personalAccessToken:read or :write the answer has the token's"
            + " own fields only: no user object.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = PersonalAccessTokenBody.class)))
    public Uni<RestResponse<PersonalAccessTokenBody>> self() {
        return reads.self(caller.get()).map(Responses::ok);
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
        return reads.get(caller.get(), id).map(Responses::ok);
    }

    @GET
    @Path("{id}/usage")
    @Operation(operationId = "getPersonalAccessTokenUsage", summary = "When and from where a token was last used",
            description = "lastUsedAt and the five most recent distinct client addresses, newest first.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = TokenUsageBody.class)))
    @PermissionsAllowed({Scopes.TOKEN_READ, Scopes.TOKEN_WRITE})
    public Uni<TokenUsageBody> usage(@PathParam("id") String id) {
        return reads.usage(caller.get(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
    @Operation(operationId = "updatePersonalAccessToken", summary = "Update a personal access token",
            description = "Changes name, expiresAt or scopes, or revokes with revoked: true. Other fields are refused."
                    + " If-Match with the ETag guards against lost updates (412 when stale).")
    @RequestBody(content = @Content(schema = @Schema(implementation = UpdatePersonalAccessToken.class)))
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = PersonalAccessTokenBody.class)))
    @APIResponse(responseCode = "412", description = "The If-Match version is stale",
            content = @Content(schema = @Schema(ref = "Error")))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    public Uni<RestResponse<PersonalAccessTokenBody>> update(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Patch<UpdatePersonalAccessToken> patch) {
        return update.update(caller.get(), id, ETags.ifMatch(ifMatch), patch)
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
        return deletion.delete(caller.get(), id, ETags.ifMatch(ifMatch)).map(ignored -> RestResponse.noContent());
    }

    @GET
    @Path("{id}/allowed-cidrs")
    @Operation(operationId = "getPersonalAccessTokenAllowedCidrs", summary = "The networks a token may be used from",
            description = "The IPv4 and IPv6 networks its secret is accepted from, normalised; empty: anywhere. The ETag is the"
                    + " token's (the list is part of the token).")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = AllowedCidrsBody.class)))
    @PermissionsAllowed({Scopes.TOKEN_READ, Scopes.TOKEN_WRITE})
    public Uni<RestResponse<AllowedCidrsBody>> allowedCidrs(@PathParam("id") String id) {
        return networks.get(caller.get(), id).map(Responses::ok);
    }

    @PUT
    @Path("{id}/allowed-cidrs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replacePersonalAccessTokenAllowedCidrs", summary = "Replace the networks a token may be used from",
            description = "The whole list (at most 20 IPv4 or IPv6 networks in CIDR notation, or bare addresses), stored normalised;"
                    + " an empty list: anywhere. A secret used from elsewhere is refused with 401 from the commit on, on every"
                    + " instance. If-Match with the token's ETag guards against lost updates (412 when stale).")
    @RequestBody(content = @Content(schema = @Schema(implementation = AllowedCidrsInput.class)))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = AllowedCidrsBody.class)))
    @APIResponse(responseCode = "412", description = "The If-Match version is stale",
            content = @Content(schema = @Schema(ref = "Error")))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    public Uni<RestResponse<AllowedCidrsBody>> replaceAllowedCidrs(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, AllowedCidrsInput body) {
        return networks.replace(caller.get(), id, ETags.ifMatch(ifMatch), body).map(Responses::ok);
    }

    @POST
    @Path("revocations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "revokePersonalAccessTokens", summary = "Revoke every matching token of the account",
            description = "For account administrators: revokes, in one transaction, every token of the account not revoked yet"
                    + " that matches all the given conditions (at least one), each with its token.revoked event (reason bulk)."
                    + " The secrets are refused on every instance from the commit on.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = RevokedPersonalAccessTokensBody.class)))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    @PermissionsAllowed(CallerIdentity.ACCOUNT_ADMINISTRATOR)
    public Uni<RevokedPersonalAccessTokensBody> revokeMatching(RevokePersonalAccessTokens body) {
        return bulkRevocation.revoke(caller.get(), body);
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
            schema = @Schema(implementation = RotatePersonalAccessToken.class)))
    @APIResponse(responseCode = "409", description = "idempotency_key_in_use: a request with this Idempotency-Key is still under way",
            content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "422", description = "idempotency_key_reused: this Idempotency-Key came with another request",
            content = @Content(schema = @Schema(ref = "Error")))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    public Uni<RestResponse<PersonalAccessTokenBody>> rotate(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Parameter(description = IDEMPOTENCY_KEY_DESCRIPTION) @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, String body)
            throws JsonProcessingException {
        // The body is optional, so a bare POST without Content-Type must work too.
        RotatePersonalAccessToken request = body == null || body.isBlank() ? null : json.readValue(body, RotatePersonalAccessToken.class);
        return rotation.rotate(caller.get(), id, ETags.ifMatch(ifMatch), request, idempotencyKey).map(Responses::ok);
    }
}
