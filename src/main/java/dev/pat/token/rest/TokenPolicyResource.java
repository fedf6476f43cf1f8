package dev.pat.token.rest;

import dev.pat.security.CallerIdentity;
import dev.pat.security.CurrentCaller;
import dev.pat.security.Scopes;
import dev.pat.token.api.TokenPolicyBody;
import dev.pat.token.api.TokenPolicyInput;
import dev.pat.token.service.TokenPolicies;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** HTTP mapping of the account's token policy; the account's administrators only. */
@Path(TokenPolicyResource.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Personal access tokens")
@SecurityRequirement(name = "bearer")
public class TokenPolicyResource {

    public static final String PATH = "/v3/token-policy";

    private final TokenPolicies policies;
    private final CurrentCaller caller;

    public TokenPolicyResource(TokenPolicies policies, CurrentCaller caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getTokenPolicy", summary = "The account's token policy",
            description = "The rules every token of the account obeys within the deployment's, and how many of its active tokens"
                    + " break them now (GET /v3/personal-access-tokens?compliant=false lists those). Account administrators only.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = TokenPolicyBody.class)))
    @PermissionsAllowed({Scopes.TOKEN_READ, Scopes.TOKEN_WRITE})
    @PermissionsAllowed(CallerIdentity.ACCOUNT_ADMINISTRATOR)
    public Uni<TokenPolicyBody> get() {
        return policies.get(caller.get());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceTokenPolicy", summary = "Replace the account's token policy",
            description = "Replaces the whole policy (an absent field is no rule). It tightens the deployment's rules, never loosens"
                    + " them: maxLifetimeDays above the deployment's maximum lifetime is a 400. Every later create, PATCH of expiresAt or"
                    + " scopes, and rotation is checked against it (400 lifetime_exceeds_policy, expiry_required, scope_not_allowed);"
                    + " existing tokens are not changed, and the answer counts the active ones that break it. Account administrators only.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = TokenPolicyBody.class)))
    @PermissionsAllowed(Scopes.TOKEN_WRITE)
    @PermissionsAllowed(CallerIdentity.ACCOUNT_ADMINISTRATOR)
    public Uni<TokenPolicyBody> replace(TokenPolicyInput input) {
        return policies.replace(caller.get(), input);
    }
}
