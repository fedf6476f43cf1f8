package dev.pat.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Calls to the directory endpoints (/v3/resellers, /v3/organizations, /v3/users) the way a client
 * makes them, sample bodies in the seed's shapes, and the checks every directory test shares.
 */
public final class DirectoryApi {

    public static final String RESELLERS = "/v3/resellers";
    public static final String ORGANIZATIONS = "/v3/organizations";
    public static final String USERS = "/v3/users";
    public static final String TOKENS = "/v3/personal-access-tokens";

    /** An id as the API writes it: a UUID in lower case. */
    public static final String UUID_TEXT = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    /** An API timestamp: whole seconds in UTC, as in the seed. */
    public static final String WHOLE_SECONDS = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$";

    /** The seed's example instant, used to back-date rows; {@link #T0_SQL} is the same instant for SQL. */
    public static final String T0 = "2019-08-24T14:15:22Z";
    public static final String T0_SQL = "timestamptz '2019-08-24 14:15:22+00'";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DirectoryApi() {
    }

    // ---------------------------------------------------------------- credentials

    /** An administrator of the account; the JWT's subject need not be a user row to manage the directory. */
    public static String adminOf(UUID accountId) {
        return Jwts.admin(accountId, UUID.randomUUID());
    }

    // ---------------------------------------------------------------- bodies

    /** A JSON object from alternating names and values; values may be null, strings, numbers, lists or maps. */
    public static Map<String, Object> object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    /** A copy of the object with the given fields set (or replaced). */
    public static Map<String, Object> with(Map<String, Object> base, Object... namesAndValues) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.putAll(object(namesAndValues));
        return copy;
    }

    /** A copy of the object without the given fields. */
    public static Map<String, Object> without(Map<String, Object> base, String... names) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        for (String name : names) {
            copy.remove(name);
        }
        return copy;
    }

    public static Map<String, Object> reseller(String name) {
        return object(
                "name", name,
                "email", slug(name, ".") + "@resellers.test",
                "description", "Reseller " + name,
                "allowedUsers", 50,
                "allowedOrganizations", 5);
    }

    public static Map<String, Object> organization(String name, String resellerId) {
        return object(
                "name", name,
                "email", "contact@" + slug(name, "-") + ".test",
                "description", "Organization " + name,
                "allowedUsers", 25,
                "address", address(),
                "resellerId", resellerId);
    }

    public static Map<String, Object> address() {
        return object(
                "addressLine1", "1 Main Street",
                "addressLine2", "Suite 2",
                "city", "Springfield",
                "state", "IL",
                "country", "US",
                "postalCode", "62701");
    }

    /** A user with every writable field set: two metadata entries, two tags, metrics mail off. */
    public static Map<String, Object> user(String email, String organizationId, String resellerId) {
        return object(
                "firstName", "Ada",
                "lastName", "Lovelace",
                "email", email,
                "role", "user",
                "company", "Analytical Engines",
                "allowCustomerPortalAccess", true,
                "organizationId", organizationId,
                "resellerId", resellerId,
                "tags", List.of("vip", "beta"),
                "emailPreference", object("metrics", false),
                "metadata", List.of(
                        metadata("plan", "gold", List.of("activation", "user"), true),
                        metadata("region", "eu", List.of("organization"), false)));
    }

    public static Map<String, Object> metadata(String key, String value, List<String> viewPermissions, Boolean visible) {
        return object("key", key, "value", value, "viewPermissions", viewPermissions, "visible", visible);
    }

    /** An email no other test uses. */
    public static String uniqueEmail(String localPart) {
        return localPart + "+" + UUID.randomUUID() + "@users.test";
    }

    /** A valid create body for the resource at the path. */
    public static Map<String, Object> sample(String path) {
        switch (path) {
            case RESELLERS:
                return reseller("Sample Reseller");
            case ORGANIZATIONS:
                return organization("Sample Org", null);
            case USERS:
                return user(uniqueEmail("sample"), null, null);
            default:
                throw new IllegalArgumentException(path);
        }
    }

    /** A valid change of one field for the resource at the path. */
    public static Map<String, Object> samplePatch(String path) {
        return USERS.equals(path) ? object("company", "Changed Inc") : object("description", "changed");
    }

    public static String json(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value as a JSON tree, to compare with what an answer shows (objects as objects, not as text). */
    public static JsonNode tree(Object value) {
        return value instanceof String text && (text.startsWith("{") || text.startsWith("[")) ? SeedContract.parse(text)
                : MAPPER.valueToTree(value);
    }

    private static String slug(String name, String separator) {
        return name.toLowerCase(Locale.ROOT).replace(" ", separator);
    }

    // ---------------------------------------------------------------- requests

    /** A request with the bearer JWT, or without any credential when jwt is null. */
    public static RequestSpecification as(String jwt) {
        RequestSpecification request = given();
        return jwt == null ? request : request.header("Authorization", "Bearer " + jwt);
    }

    public static Response post(String jwt, String path, Object body) {
        return as(jwt).contentType(ContentType.JSON).body(json(body))
                .when().post(path)
                .then().extract().response();
    }

    public static Response get(String jwt, String path) {
        return as(jwt).when().get(path).then().extract().response();
    }

    public static Response list(String jwt, String path, Map<String, ?> query) {
        return as(jwt).queryParams(query).when().get(path).then().extract().response();
    }

    public static Response patch(String jwt, String path, Object body) {
        return patch(jwt, path, null, body);
    }

    public static Response patch(String jwt, String path, String ifMatch, Object body) {
        RequestSpecification request = as(jwt).contentType(ContentType.JSON).body(json(body));
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.when().patch(path).then().extract().response();
    }

    public static Response delete(String jwt, String path) {
        return delete(jwt, path, null);
    }

    public static Response delete(String jwt, String path, String ifMatch) {
        RequestSpecification request = as(jwt);
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.when().delete(path).then().extract().response();
    }

    /** POSTs the body, asserts 201 and answers the new id. */
    public static String create(String jwt, String path, Object body) {
        return expectCreated(post(jwt, path, body)).path("id");
    }

    public static Response expectCreated(Response response) {
        assertEquals(201, response.statusCode(), () -> "POST should create; body was " + response.asString());
        return response;
    }

    // ---------------------------------------------------------------- checks

    public static JsonNode body(Response response) {
        return SeedContract.parse(response.asString());
    }

    /** Exactly the seed's fields at every level of a user body; organization and reseller may be JSON null. */
    public static void assertUserShape(JsonNode user) {
        SeedContract.assertKeys(SeedContract.USER_KEYS, user, "user");
        SeedContract.assertKeys(SeedContract.EMAIL_PREFERENCE_KEYS, user.get("emailPreference"), "user.emailPreference");
        assertTrue(user.get("roles").isArray(), "user.roles is an array");
        assertTrue(user.get("tags").isArray(), "user.tags is an array");
        assertTrue(user.get("metadata").isArray(), "user.metadata is an array");
        for (JsonNode entry : user.get("metadata")) {
            SeedContract.assertKeys(SeedContract.METADATA_KEYS, entry, "user.metadata[]");
            assertTrue(entry.get("viewPermissions").isArray(), "metadata.viewPermissions is an array");
        }
        if (!user.get("organization").isNull()) {
            assertOrganizationShape(user.get("organization"));
        }
        if (!user.get("reseller").isNull()) {
            SeedContract.assertKeys(SeedContract.RESELLER_KEYS, user.get("reseller"), "user.reseller");
        }
    }

    /** Exactly the seed's fields in an organization body, its address and its reseller (or JSON null). */
    public static void assertOrganizationShape(JsonNode organization) {
        SeedContract.assertKeys(SeedContract.ORGANIZATION_KEYS, organization, "organization");
        SeedContract.assertKeys(SeedContract.ADDRESS_KEYS, organization.get("address"), "organization.address");
        if (!organization.get("reseller").isNull()) {
            SeedContract.assertKeys(SeedContract.RESELLER_KEYS, organization.get("reseller"), "organization.reseller");
        }
    }

    /** The ETag of a directory row: {@code "<id>-<version>"}, quoted (a strong validator). */
    public static String etagPattern(String id) {
        return "^\"" + id + "-\\d+\"$";
    }

    /**
     * Asserts a 400 {@code validation_failed} answer whose {@code errors} name every given field
     * (others may be named too); answers the parsed body.
     */
    public static JsonNode assertInvalid(Response response, String... fields) {
        String text = response.asString();
        assertEquals(400, response.statusCode(), () -> "Status; body was " + text);
        String contentType = response.getContentType();
        assertTrue(contentType != null && contentType.startsWith("application/json"),
                () -> "Content-Type should be JSON, was " + contentType + "; body was " + text);
        JsonNode body = SeedContract.parse(text);
        SeedContract.assertKeys(Set.of("message", "code", "errors"), body, "validation error body " + text);
        assertEquals("validation_failed", body.get("code").asText(), () -> "code; body was " + text);
        assertTrue(body.get("message").isTextual() && !body.get("message").asText().isBlank(),
                () -> "message should be a non-blank string: " + text);
        JsonNode errors = body.get("errors");
        assertTrue(errors.isArray() && errors.size() > 0, () -> "errors should be a non-empty array: " + text);
        Set<String> named = new TreeSet<>();
        for (JsonNode error : errors) {
            SeedContract.assertKeys(Set.of("field", "message"), error, "errors[] of " + text);
            assertFalse(error.get("message").asText().isBlank(), () -> "an error without a message: " + text);
            named.add(error.get("field").asText());
        }
        for (String field : fields) {
            assertTrue(named.contains(field), () -> "errors should name " + field + " but name " + named + "; body was " + text);
        }
        ErrorBodies.assertNoInternals(text);
        return body;
    }
}
