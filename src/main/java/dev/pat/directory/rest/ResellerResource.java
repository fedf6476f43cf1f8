package dev.pat.directory.rest;

import dev.pat.crud.Patch;
import dev.pat.directory.DirectoryListings;
import dev.pat.directory.api.ResellerBody;
import dev.pat.directory.api.ResellerInput;
import dev.pat.directory.service.ResellerService;
import dev.pat.http.ETags;
import dev.pat.http.MergePatch;
import dev.pat.http.Responses;
import dev.pat.listing.ListParameters;
import dev.pat.security.CurrentCaller;
import dev.pat.security.Scopes;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** HTTP mapping of the reseller directory; administrators of the account only. */
@Path(ResellerResource.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Resellers")
@SecurityRequirement(name = "bearer")
public class ResellerResource {

    static final String PATH = "/v3/resellers";

    private final ResellerService service;
    private final CurrentCaller caller;

    public ResellerResource(ResellerService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createReseller", summary = "Create a reseller")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = ResellerBody.class)))
    @PermissionsAllowed(Scopes.RESELLER_WRITE)
    public Uni<RestResponse<ResellerBody>> create(ResellerInput input) {
        return service.create(caller.get(), input).map(created -> Responses.created(created, PATH));
    }

    @GET
    @Operation(operationId = "listResellers", summary = "List resellers", description = "One page of the account's resellers, filtered and sorted by the query parameters.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ResellerBody.class)))
    @PermissionsAllowed({Scopes.RESELLER_READ, Scopes.RESELLER_WRITE})
    public Uni<RestResponse<List<ResellerBody>>> list(@Context UriInfo uri) {
        return service.list(caller.get(), ListParameters.parse(uri.getQueryParameters(), DirectoryListings.RESELLERS))
                .map(Responses::page);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getReseller", summary = "Retrieve a reseller")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = ResellerBody.class)))
    @PermissionsAllowed({Scopes.RESELLER_READ, Scopes.RESELLER_WRITE})
    public Uni<RestResponse<ResellerBody>> get(@PathParam("id") String id) {
        return service.get(caller.get(), id)
                .map(Responses::ok);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
    @Operation(operationId = "updateReseller", summary = "Update a reseller", description = "Fields absent from the body stay as they are; If-Match guards"
            + " against lost updates.")
    @RequestBody(content = @Content(schema = @Schema(implementation = ResellerInput.class)))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = ResellerBody.class)))
    @PermissionsAllowed(Scopes.RESELLER_WRITE)
    public Uni<RestResponse<ResellerBody>> update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Patch<ResellerInput> patch) {
        return service.update(caller.get(), id, ETags.ifMatch(ifMatch), patch)
                .map(Responses::ok);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteReseller", summary = "Delete a reseller")
    @APIResponse(responseCode = "204", description = "Deleted")
    @PermissionsAllowed(Scopes.RESELLER_WRITE)
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return service.delete(caller.get(), id, ETags.ifMatch(ifMatch)).map(ignored -> RestResponse.noContent());
    }
}
