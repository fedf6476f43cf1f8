package dev.pat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field names of the seed document "Retrieve a personal access token", level by level, and
 * checks that a response body has exactly those fields: no more, no fewer.
 */
public final class SeedContract {

    public static final String TOKEN_PATH = "/v3/personal-access-tokens/{id}";

    public static final Set<String> TOKEN_KEYS = Set.of("id", "createdAt", "updatedAt", "name", "expiresAt", "revoked",
            "scopes", "userId", "user", "lastUsedAt", "lastRotatedAt");
    public static final Set<String> USER_KEYS = Set.of("id", "createdAt", "updatedAt", "name", "firstName", "lastName",
            "email", "role", "twoFactorEnabled", "googleSsoEnabled", "lastLoginAt", "company",
            "allowCustomerPortalAccess", "roles", "lastSeenAt", "organizationId", "organization", "resellerId",
            "reseller", "metadata", "tags", "emailPreference");
    public static final Set<String> ORGANIZATION_KEYS = Set.of("id", "createdAt", "updatedAt", "name", "email",
            "description", "allowedUsers", "address", "resellerId", "reseller");
    public static final Set<String> ADDRESS_KEYS = Set.of("addressLine1", "addressLine2", "city", "state", "country",
            "postalCode");
    public static final Set<String> RESELLER_KEYS = Set.of("id", "createdAt", "updatedAt", "name", "email", "description",
            "allowedUsers", "allowedOrganizations");
    public static final Set<String> METADATA_KEYS = Set.of("id", "createdAt", "updatedAt", "key", "value",
            "viewPermissions", "visible");
    public static final Set<String> EMAIL_PREFERENCE_KEYS = Set.of("metrics");

    /** Field names that would expose the secret; none may appear anywhere in a body. */
    public static final Set<String> SECRET_KEYS = Set.of("token", "secret", "secretDigest", "secret_digest", "digest");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SeedContract() {
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    public static Set<String> keys(JsonNode object) {
        assertTrue(object.isObject(), () -> "Expected a JSON object, got " + object);
        Set<String> keys = new TreeSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    public static void assertKeys(Set<String> expected, JsonNode object, String where) {
        assertEquals(new TreeSet<>(expected), keys(object), () -> "Fields of " + where);
    }

    /**
     * Checks the field names of a token body at every level. Optional objects (organization and the
     * resellers) must be present, either as an object with the seed's fields or as JSON null.
     */
    public static void assertTokenShape(JsonNode token) {
        assertKeys(TOKEN_KEYS, token, "token");
        assertTrue(token.get("scopes").isArray(), "scopes is an array");

        JsonNode user = token.get("user");
        assertKeys(USER_KEYS, user, "user");
        assertTrue(user.get("roles").isArray(), "user.roles is an array");
        assertTrue(user.get("tags").isArray(), "user.tags is an array");
        assertTrue(user.get("metadata").isArray(), "user.metadata is an array");
        assertKeys(EMAIL_PREFERENCE_KEYS, user.get("emailPreference"), "user.emailPreference");
        for (JsonNode entry : user.get("metadata")) {
            assertKeys(METADATA_KEYS, entry, "user.metadata[]");
            assertTrue(entry.get("viewPermissions").isArray(), "metadata.viewPermissions is an array");
        }
        assertResellerShape(user.get("reseller"), "user.reseller");

        JsonNode organization = user.get("organization");
        if (!organization.isNull()) {
            assertKeys(ORGANIZATION_KEYS, organization, "user.organization");
            assertKeys(ADDRESS_KEYS, organization.get("address"), "user.organization.address");
            assertResellerShape(organization.get("reseller"), "user.organization.reseller");
        }
        assertNoSecretAnywhere(token);
    }

    public static void assertNoSecretAnywhere(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                assertFalse(SECRET_KEYS.contains(field.getKey()), () -> "The body exposes " + field.getKey());
                assertNoSecretAnywhere(field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(SeedContract::assertNoSecretAnywhere);
        }
    }

    /** The field is present and JSON null (not merely absent). */
    public static void assertPresentNull(JsonNode object, String field, String where) {
        assertTrue(object.has(field), () -> where + "." + field + " is missing");
        assertTrue(object.get(field).isNull(), () -> where + "." + field + " should be null, was " + object.get(field));
    }

    private static void assertResellerShape(JsonNode reseller, String where) {
        assertTrue(reseller != null, () -> where + " is missing");
        if (!reseller.isNull()) {
            assertKeys(RESELLER_KEYS, reseller, where);
        }
    }
}
