package dev.pat.directory.rest;

import dev.pat.crud.Patch;
import dev.pat.directory.DirectoryListings;
import dev.pat.directory.api.OrganizationBody;
import dev.pat.directory.api.OrganizationInput;
import dev.pat.directory.service.OrganizationService;
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

/** HTTP mapping of the organization directory; administrators of the account only. */
@Path(OrganizationResource.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Organizations")
@SecurityRequirement(name = "bearer")
public class OrganizationResource {

    static final String PATH = "/v3/organizations";

    private final OrganizationService service;
    private final CurrentCaller caller;

    public OrganizationResource(OrganizationService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createOrganization", summary = "Create an organization")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = OrganizationBody.class)))
    @PermissionsAllowed(Scopes.ORGANIZATION_WRITE)
    public Uni<RestResponse<OrganizationBody>> create(OrganizationInput input) {
        return service.create(caller.get(), input).map(created -> Responses.created(created, PATH));
    }

    @GET
    @Operation(operationId = "listOrganizations", summary = "List organizations", description = "One page of the account's organizations, filtered and sorted by the query parameters.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = OrganizationBody.class)))
    @PermissionsAllowed({Scopes.ORGANIZATION_READ, Scopes.ORGANIZATION_WRITE})
    public Uni<RestResponse<List<OrganizationBody>>> list(@Context UriInfo uri) {
        return service.list(caller.get(), ListParameters.parse(uri.getQueryParameters(), DirectoryListings.ORGANIZATIONS))
                .map(Responses::page);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getOrganization", summary = "Retrieve an organization")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = OrganizationBody.class)))
    @PermissionsAllowed({Scopes.ORGANIZATION_READ, Scopes.ORGANIZATION_WRITE})
    public Uni<RestResponse<OrganizationBody>> get(@PathParam("id") String id) {
        return service.get(caller.get(), id)
                .map(Responses::ok);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
    @Operation(operationId = "updateOrganization", summary = "Update an organization", description = "Fields absent from the body stay as they are; If-Match guards"
            + " against lost updates.")
    @RequestBody(content = @Content(schema = @Schema(implementation = OrganizationInput.class)))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = OrganizationBody.class)))
    @PermissionsAllowed(Scopes.ORGANIZATION_WRITE)
    public Uni<RestResponse<OrganizationBody>> update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Patch<OrganizationInput> patch) {
        return service.update(caller.get(), id, ETags.ifMatch(ifMatch), patch)
                .map(Responses::ok);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteOrganization", summary = "Delete an organization")
    @APIResponse(responseCode = "204", description = "Deleted")
    @PermissionsAllowed(Scopes.ORGANIZATION_WRITE)
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return service.delete(caller.get(), id, ETags.ifMatch(ifMatch)).map(ignored -> RestResponse.noContent());
    }
}
