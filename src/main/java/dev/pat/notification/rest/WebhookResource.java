package dev.pat.notification.rest;

import dev.pat.crud.Patch;
import dev.pat.http.ETags;
import dev.pat.http.MergePatch;
import dev.pat.http.Responses;
import dev.pat.listing.ListParameters;
import dev.pat.notification.NotificationListings;
import dev.pat.notification.api.WebhookBody;
import dev.pat.notification.api.WebhookDeliveryBody;
import dev.pat.notification.api.WebhookInput;
import dev.pat.notification.service.WebhookService;
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

/** HTTP mapping of the account's webhooks and their deliveries; administrators of the account only. */
@Path(WebhookResource.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@SecurityRequirement(name = "bearer")
public class WebhookResource {

    static final String PATH = "/v3/webhooks";

    private final WebhookService service;
    private final CurrentCaller caller;

    public WebhookResource(WebhookService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createWebhook", summary = "Subscribe a URL to token events",
            description = "The answer, and only this one, shows the secret that signs every delivery (generated when the body has none)."
                    + " An account holds at most pat.webhooks.max-per-account webhooks (100 by default): beyond, 409 too_many_webhooks.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = WebhookBody.class)))
    @PermissionsAllowed(Scopes.WEBHOOK_WRITE)
    public Uni<RestResponse<WebhookBody>> create(WebhookInput input) {
        return service.create(caller.get(), input).map(created -> Responses.created(created, PATH));
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "List webhooks", description = "One page of the account's webhooks, filtered and sorted by the query parameters.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = WebhookBody.class)))
    @PermissionsAllowed({Scopes.WEBHOOK_READ, Scopes.WEBHOOK_WRITE})
    public Uni<RestResponse<List<WebhookBody>>> list(@Context UriInfo uri) {
        return service.list(caller.get(), ListParameters.parse(uri.getQueryParameters(), NotificationListings.WEBHOOKS))
                .map(Responses::page);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getWebhook", summary = "Retrieve a webhook")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = WebhookBody.class)))
    @PermissionsAllowed({Scopes.WEBHOOK_READ, Scopes.WEBHOOK_WRITE})
    public Uni<RestResponse<WebhookBody>> get(@PathParam("id") String id) {
        return service.get(caller.get(), id)
                .map(Responses::ok);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
    @Operation(operationId = "updateWebhook", summary = "Update a webhook", description = "Fields absent from the body stay as they are; a new secret"
            + " replaces the old one (it is not shown again); If-Match guards against lost updates.")
    @RequestBody(content = @Content(schema = @Schema(implementation = WebhookInput.class)))
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = WebhookBody.class)))
    @PermissionsAllowed(Scopes.WEBHOOK_WRITE)
    public Uni<RestResponse<WebhookBody>> update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Patch<WebhookInput> patch) {
        return service.update(caller.get(), id, ETags.ifMatch(ifMatch), patch)
                .map(Responses::ok);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook and its deliveries")
    @APIResponse(responseCode = "204", description = "Deleted")
    @PermissionsAllowed(Scopes.WEBHOOK_WRITE)
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return service.delete(caller.get(), id, ETags.ifMatch(ifMatch)).map(ignored -> RestResponse.noContent());
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "List a webhook's deliveries",
            description = "Its recent deliveries, newest first unless sorted otherwise: status, attempts, the receiver's last answer"
                    + " and the next attempt.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = WebhookDeliveryBody.class)))
    @PermissionsAllowed({Scopes.WEBHOOK_READ, Scopes.WEBHOOK_WRITE})
    public Uni<RestResponse<List<WebhookDeliveryBody>>> deliveries(@PathParam("id") String id, @Context UriInfo uri) {
        return service.deliveries(caller.get(), id, ListParameters.parse(uri.getQueryParameters(), NotificationListings.DELIVERIES))
                .map(Responses::page);
    }
}
