package dev.pat.notification;

import dev.pat.listing.ListSpec;

/** What the webhook lists accept, read by their repositories, their resource and the OpenAPI document. */
public final class NotificationListings {

    public static final ListSpec WEBHOOKS = ListSpec.builder()
            .text("url").tags("events").bool("active").times("createdAt", "updatedAt")
            .sortable("createdAt", "updatedAt", "url").searched("url")
            .build();

    /** Newest first by default: what an administrator looking into a webhook wants to see. */
    public static final ListSpec DELIVERIES = ListSpec.builder()
            .text("status").field("event", ListSpec.Type.TEXT, "event.event").field("error", ListSpec.Type.TEXT, "lastError")
            .numbers("attempts")
            .times("createdAt", "nextAttemptAt")
            .sortable("createdAt", "nextAttemptAt").defaultSort("-createdAt")
            .build();

    private NotificationListings() {
    }
}
