package dev.pat.token.rest;

import dev.pat.token.ScopeVocabulary;
import dev.pat.token.api.ScopeBody;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The scope vocabulary, for any authenticated caller (user interfaces build token forms from it). */
@Path("/v3/scopes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Scopes")
@SecurityRequirement(name = "bearer")
public class ScopeResource {

    private final List<ScopeBody> scopes;

    public ScopeResource(ScopeVocabulary vocabulary) {
        this.scopes = vocabulary.all().entrySet().stream().map(scope -> new ScopeBody(scope.getKey(), scope.getValue())).toList();
    }

    @GET
    @Operation(operationId = "listScopes", summary = "List the scopes a token may carry",
            description = "The platform's scope vocabulary with descriptions; a token may carry any of them, this service"
                    + " enforces only its own.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ScopeBody.class)))
    public List<ScopeBody> list() {
        return scopes;
    }
}
