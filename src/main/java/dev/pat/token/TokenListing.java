package dev.pat.token;

import dev.pat.listing.ListSpec;

/** What the token list accepts, read by its repository, its resource and the OpenAPI document. */
public final class TokenListing {

    public static final ListSpec TOKENS = ListSpec.builder()
            .text("name").bool("revoked").times("createdAt", "expiresAt", "lastUsedAt").id("userId", "user.id")
            .sortable("createdAt", "name", "expiresAt", "lastUsedAt").searched("name")
            .build();

    private TokenListing() {
    }
}
