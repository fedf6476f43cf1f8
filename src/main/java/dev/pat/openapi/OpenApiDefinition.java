package dev.pat.openapi;

import dev.pat.notification.api.WebhookEventBody;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Document-level OpenAPI facts: title, tags, and the one bearer scheme that every operation names
 * ("bearer"). Quarkus' automatic scheme is off, since it would add a second one under another name.
 * SmallRye OpenAPI reads these annotations from the JAX-RS {@link Application} class; it declares
 * no path and no classes, so every resource stays where it is.
 */
@OpenAPIDefinition(
        info = @Info(title = "Personal access token API", version = "3",
                description = "Issues, checks and manages personal access tokens, and the account's resellers,"
                        + " organizations and users they belong to. Every error is {\"message\", \"code\"}.",
                license = @License(name = "Proprietary", url = "https://pat.example/terms")),
        // What a webhook receives is no operation's body; declared here so that clients can generate it too.
        components = @Components(schemas = @Schema(name = "WebhookEvent", implementation = WebhookEventBody.class)),
        tags = {
                @Tag(name = "Personal access tokens", description = "Create, read, list, update, rotate, revoke and delete"
                        + " personal access tokens; the secret is shown once, on create and rotate."),
                @Tag(name = "Scopes", description = "The scopes a token may carry: the platform's vocabulary."),
                @Tag(name = "Resellers", description = "The account's resellers (administrators only)."),
                @Tag(name = "Organizations", description = "The account's organizations, each with an address and an"
                        + " optional reseller (administrators only)."),
                @Tag(name = "Users", description = "The account's users with their organization, reseller, metadata, tags"
                        + " and email preference (administrators only)."),
                @Tag(name = "Webhooks", description = "URLs that receive token events (administrators only). Each delivery is a POST"
                        + " of a WebhookEvent with the headers Webhook-Signature (the hex HMAC-SHA256 of the raw body with the"
                        + " webhook's secret), Webhook-Id (the event's id, the same on every retry: deduplicate on it) and"
                        + " Webhook-Timestamp (Unix seconds of the attempt). Delivered at least once; an answer other than 2xx"
                        + " within 5 seconds is retried with growing waits for about a day.")
        })
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Either a JWT signed by the platform's identity provider (claims sub, accountId, groups, optional"
                + " scope), or a personal access token secret (pat_ followed by 36 letters and digits).")
public class OpenApiDefinition extends Application {
}
