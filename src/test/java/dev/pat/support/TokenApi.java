package dev.pat.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Requests to the personal access token API and the assertions the lifecycle tests share. A
 * credential is either a signed JWT or a token secret; null sends no Authorization header.
 */
public final class TokenApi {

    public static final String TOKENS = "/v3/personal-access-tokens";
    public static final String TOKEN = TOKENS + "/{id}";
    public static final String ROTATE = TOKENS + "/{id}/rotate";
    public static final String SELF = TOKENS + "/self";

    public static final String READ = "personalAccessToken:read";
    public static final String WRITE = "personalAccessToken:write";

    /** The documented secret format: prefix, 30 random and 6 checksum characters in base62. */
    public static final Pattern SECRET_FORMAT = Pattern.compile("^pat_[0-9A-Za-z]{36}$");

    /** The token fields of a create or rotate answer: the seed's fields plus the one-time secret. */
    public static final Set<String> ISSUED_KEYS;

    static {
        Set<String> keys = new TreeSet<>(SeedContract.TOKEN_KEYS);
        keys.add("token");
        ISSUED_KEYS = Set.copyOf(keys);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenApi() {
    }

    /** A token as its creation answered it: the only moment its secret is known. */
    public record Issued(String id, String secret, String etag) {
    }

    public static RequestSpecification as(String credential) {
        RequestSpecification request = given();
        return credential == null ? request : request.header("Authorization", "Bearer " + credential);
    }

    /** A JSON object from alternating names and values; unlike Map.of it keeps order and takes nulls. */
    public static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    /** A String is taken as JSON text already; anything else is serialised. */
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

    public static Response create(String credential, Object body) {
        return as(credential).contentType(ContentType.JSON).body(json(body))
                .when().post(TOKENS)
                .then().extract().response();
    }

    public static Issued issue(String credential, String name, String... scopes) {
        return issue(credential, fields("name", name, "scopes", List.of(scopes)));
    }

    public static Issued issue(String credential, Map<String, Object> body) {
        Response response = create(credential, body);
        assertEquals(201, response.statusCode(), () -> "create answered " + response.asString());
        String secret = response.jsonPath().getString("token");
        assertTrue(secret != null && SECRET_FORMAT.matcher(secret).matches(), () -> "create answers the secret: " + response.asString());
        return new Issued(response.jsonPath().getString("id"), secret, response.header("ETag"));
    }

    public static Response get(String credential, String id) {
        return as(credential).when().get(TOKEN, id).then().extract().response();
    }

    public static Response list(String credential, Map<String, ?> query) {
        return as(credential).queryParams(query).when().get(TOKENS).then().extract().response();
    }

    public static Response list(String credential) {
        return list(credential, Map.of());
    }

    /** The ids of a successful list answer, in answer order. */
    public static List<String> ids(Response response) {
        assertEquals(200, response.statusCode(), () -> "list answered " + response.asString());
        return response.jsonPath().getList("id", String.class);
    }

    public static Response patch(String credential, String id, Object body, String ifMatch) {
        RequestSpecification request = as(credential).contentType(ContentType.JSON).body(json(body));
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.when().patch(TOKEN, id).then().extract().response();
    }

    public static Response patch(String credential, String id, Object body) {
        return patch(credential, id, body, null);
    }

    public static Response delete(String credential, String id, String ifMatch) {
        RequestSpecification request = as(credential);
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.when().delete(TOKEN, id).then().extract().response();
    }

    public static Response delete(String credential, String id) {
        return delete(credential, id, null);
    }

    /** Rotation without a body. */
    public static Response rotate(String credential, String id) {
        return as(credential).when().post(ROTATE, id).then().extract().response();
    }

    public static Response rotate(String credential, String id, Object body) {
        return as(credential).contentType(ContentType.JSON).body(json(body))
                .when().post(ROTATE, id)
                .then().extract().response();
    }

    public static Response self(String credential) {
        return as(credential).when().get(SELF).then().extract().response();
    }

    /** 400 validation_failed whose errors name exactly the given fields. */
    public static JsonNode assertValidation(Response response, String... fields) {
        String text = response.asString();
        assertEquals(400, response.statusCode(), () -> "Status; body was " + text);
        String contentType = response.getContentType();
        assertTrue(contentType != null && contentType.startsWith("application/json"),
                () -> "Content-Type should be JSON, was " + contentType + "; body was " + text);
        JsonNode body = SeedContract.parse(text);
        SeedContract.assertKeys(Set.of("message", "code", "errors"), body, "validation error body");
        assertEquals("validation_failed", body.get("code").asText(), () -> "code; body was " + text);
        assertTrue(body.get("errors").isArray() && body.get("errors").size() > 0, () -> "errors; body was " + text);
        Set<String> named = new TreeSet<>();
        for (JsonNode error : body.get("errors")) {
            SeedContract.assertKeys(Set.of("field", "message"), error, "errors[]");
            assertFalse(error.get("message").asText().isBlank(), () -> "An error without message: " + text);
            named.add(error.get("field").asText());
        }
        assertEquals(new TreeSet<>(Arrays.asList(fields)), named, () -> "Fields named by " + text);
        ErrorBodies.assertNoInternals(text);
        return body;
    }

    /** 401 with the standard body and a Bearer challenge. */
    public static void assertUnauthorized(Response response) {
        ErrorBodies.assertError(response, 401, "unauthorized");
        String challenge = response.getHeader("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer"),
                () -> "WWW-Authenticate should start with Bearer, was " + challenge);
    }

    /** The body neither contains the secret's text nor has a field that could carry one. */
    public static void assertNoSecret(Response response, String secret) {
        String text = response.asString();
        assertFalse(text.contains(secret), () -> "The body shows the secret: " + text);
        // The random part alone would be as good as the secret to anyone who knows the format.
        assertFalse(text.contains(secret.substring(4, 34)), () -> "The body shows the secret's random part: " + text);
        SeedContract.assertNoSecretAnywhere(SeedContract.parse(text));
    }

    /** The ETag of the token: a strong tag "<id>-<version>". */
    public static String assertEtag(Response response, String id) {
        String etag = response.header("ETag");
        assertNotNull(etag, "ETag is missing");
        assertTrue(etag.matches("\"" + Pattern.quote(id) + "-\\d+\""), () -> "ETag format: " + etag);
        return etag;
    }

    /** The status, and the error code for an error: "200", "204", "404 not_found". */
    public static String outcome(Response response) {
        int status = response.statusCode();
        if (status < 400) {
            return String.valueOf(status);
        }
        String code = response.getContentType() != null && response.getContentType().startsWith("application/json")
                ? response.jsonPath().getString("code") : "(no JSON body)";
        return status + " " + code;
    }
}
