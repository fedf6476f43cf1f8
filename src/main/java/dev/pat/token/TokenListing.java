package dev.pat.token;

import dev.pat.listing.ListSpec;

/** What the token list accepts, read by its repository, its resource and the OpenAPI document. */
public final class TokenListing {

    /**
     * {@code compliant=false}: the active tokens that break the account's token policy;
     * {@code compliant=true}: the active ones that do not.
     */
    public static final String COMPLIANT = "compliant";

    public static final ListSpec TOKENS = ListSpec.builder()
            .text("name").bool("revoked").flag(COMPLIANT).times("createdAt", "expiresAt", "lastUsedAt").id("userId", "user.id")
            .sortable("createdAt", "name", "expiresAt", "lastUsedAt").searched("name")
            .build();

    private TokenListing() {
    }
}
