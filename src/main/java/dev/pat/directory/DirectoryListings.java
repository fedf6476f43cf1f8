package dev.pat.directory;

import dev.pat.listing.ListSpec;

/** What the directory's lists accept, read by their repositories, their resources and the OpenAPI document. */
public final class DirectoryListings {

    public static final ListSpec RESELLERS = ListSpec.builder()
            .text("name", "email").numbers("allowedUsers", "allowedOrganizations").times("createdAt", "updatedAt")
            .sortable("createdAt", "updatedAt", "name", "email").searched("name", "email")
            .build();

    public static final ListSpec ORGANIZATIONS = ListSpec.builder()
            .text("name", "email").id("resellerId", "reseller.id").numbers("allowedUsers").times("createdAt", "updatedAt")
            .sortable("createdAt", "updatedAt", "name", "email").searched("name", "email")
            .build();

    /** A user matches a metadata filter when one of its entries does. */
    private static final String METADATA = "UserMetadata m where m.user = p";

    public static final ListSpec USERS = ListSpec.builder()
            .text("firstName", "lastName", "email", "role", "company")
            .id("organizationId", "organization.id").id("resellerId", "reseller.id")
            .times("createdAt", "updatedAt", "lastSeenAt").tags("tags")
            .textWithin("metadata.key", METADATA, "key").textWithin("metadata.value", METADATA, "value")
            .sortable("createdAt", "updatedAt", "email", "firstName", "lastName").searched("firstName", "lastName", "email", "company")
            .build();

    private DirectoryListings() {
    }
}
