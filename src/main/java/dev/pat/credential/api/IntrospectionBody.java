package dev.pat.credential.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 7662 introspection answer. An inactive secret is exactly {@code {"active": false}},
 * whatever made it so: nothing tells a malformed, unknown, revoked, expired or foreign secret apart.
 */
@Schema(name = "Introspection")
public record IntrospectionBody(
        @Schema(required = true) boolean active,
        @Schema(description = "The token's scopes, space-separated", example = "license:read user:read") String scope,
        @Schema(description = "The id of the token's user") String sub,
        String accountId,
        String tokenId,
        @Schema(description = "The user's role") String role,
        @Schema(description = "Expiry in seconds since the epoch; absent when the token never expires") Long exp,
        @Schema(description = "When this secret was issued, in seconds since the epoch") Long iat,
        @JsonProperty("token_type") @Schema(example = "personal_access_token") String tokenType) {

    public static final IntrospectionBody INACTIVE = new IntrospectionBody(false, null, null, null, null, null, null, null, null);

    /**
     * The fields as sent, in RFC 7662's order, absent ones left out. A map, because the service's
     * reflection-free JSON writers do not honour a record-level {@code @JsonInclude}.
     */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("active", active);
        put(fields, "scope", scope);
        put(fields, "sub", sub);
        put(fields, "accountId", accountId);
        put(fields, "tokenId", tokenId);
        put(fields, "role", role);
        put(fields, "exp", exp);
        put(fields, "iat", iat);
        put(fields, "token_type", tokenType);
        return fields;
    }

    private static void put(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
