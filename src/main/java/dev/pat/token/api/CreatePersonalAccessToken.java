package dev.pat.token.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v3/personal-access-tokens}. */
@JsonIgnoreProperties({"id", "createdAt", "updatedAt", "revoked", "userId", "user", "lastUsedAt", "lastRotatedAt", "token"})
@Schema(name = "CreatePersonalAccessToken")
public record CreatePersonalAccessToken(
        @Schema(required = true, maxLength = 200) String name,
        @Schema(description = "When the token stops working; null or absent = never") Instant expiresAt,
        @Schema(required = true, description = "What the token may do, a subset of the caller's scopes") List<String> scopes,
        @Schema(maxItems = 20, description = "The IPv4 and IPv6 networks (CIDR; a bare address is one address) its secret may be"
                + " used from, stored normalised; null, absent or empty = anywhere. Read and replaced through"
                + " /v3/personal-access-tokens/{id}/allowed-cidrs")
        List<String> allowedCidrs) {
}
