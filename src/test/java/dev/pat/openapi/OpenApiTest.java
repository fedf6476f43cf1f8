package dev.pat.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.SeedContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /q/openapi documents the endpoint with the seed's schema as named components and every error status. */
@QuarkusTest
class OpenApiTest {

    private JsonNode document;

    @BeforeEach
    void load() {
        String json = given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .extract().asString();
        document = SeedContract.parse(json);
    }

    @Test
    void seedObjectsAreNamedComponents() {
        JsonNode schemas = document.path("components").path("schemas");
        for (String name : List.of("PersonalAccessToken", "User", "Organization", "Address", "Reseller", "Metadata",
                "EmailPreference", "Error")) {
            assertTrue(schemas.has(name), () -> "components.schemas lacks " + name + "; has " + fieldNames(schemas));
        }
    }

    @Test
    void componentPropertiesAreTheSeedFields() {
        // "token" is the secret shown once on create or rotate, and "previousTokenExpiresAt" the end of a
        // rotation's grace period, in that answer only; never on GET. The schema may document them.
        Set<String> tokenProperties = properties("PersonalAccessToken");
        tokenProperties.remove("token");
        tokenProperties.remove("previousTokenExpiresAt");
        assertEquals(new TreeSet<>(SeedContract.TOKEN_KEYS), tokenProperties, "PersonalAccessToken properties");

        Map<String, Set<String>> expected = Map.of(
                "User", SeedContract.USER_KEYS,
                "Organization", SeedContract.ORGANIZATION_KEYS,
                "Address", SeedContract.ADDRESS_KEYS,
                "Reseller", SeedContract.RESELLER_KEYS,
                "Metadata", SeedContract.METADATA_KEYS,
                "EmailPreference", SeedContract.EMAIL_PREFERENCE_KEYS);
        expected.forEach((schema, keys) -> assertEquals(new TreeSet<>(keys), properties(schema), schema + " properties"));
    }

    @Test
    void errorSchemaHasMessageAndCode() {
        Set<String> properties = properties("Error");
        assertTrue(properties.containsAll(Set.of("message", "code")), () -> "Error properties: " + properties);
    }

    @Test
    void bearerHttpSecuritySchemeIsDeclared() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        boolean bearer = false;
        for (JsonNode scheme : schemes) {
            bearer |= "http".equalsIgnoreCase(scheme.path("type").asText())
                    && "bearer".equalsIgnoreCase(scheme.path("scheme").asText());
        }
        assertTrue(bearer, () -> "No HTTP bearer scheme in " + schemes);
    }

    @Test
    void getOperationDocumentsSuccessAndEveryErrorStatus() {
        JsonNode get = document.path("paths").path("/v3/personal-access-tokens/{id}").path("get");
        assertTrue(get.isObject(), () -> "No GET operation for /v3/personal-access-tokens/{id}; paths are "
                + fieldNames(document.path("paths")));
        JsonNode responses = get.path("responses");
        for (String status : List.of("200", "401", "403", "404", "500")) {
            assertTrue(responses.has(status), () -> "responses lack " + status + "; have " + fieldNames(responses));
        }

        String okSchema = responses.path("200").path("content").path("application/json").path("schema").path("$ref").asText();
        assertTrue(okSchema.endsWith("/PersonalAccessToken"), () -> "200 schema is " + okSchema);
        for (String status : List.of("401", "403", "404", "500")) {
            String errorSchema = responses.path(status).path("content").path("application/json").path("schema")
                    .path("$ref").asText();
            assertTrue(errorSchema.endsWith("/Error"), () -> status + " schema is " + errorSchema);
        }
    }

    @Test
    void idIsAPathParameter() {
        JsonNode path = document.path("paths").path("/v3/personal-access-tokens/{id}");
        boolean found = false;
        for (JsonNode section : List.of(path.path("parameters"), path.path("get").path("parameters"))) {
            for (JsonNode parameter : section) {
                found |= "id".equals(parameter.path("name").asText()) && "path".equals(parameter.path("in").asText())
                        && parameter.path("required").asBoolean(false);
            }
        }
        assertTrue(found, "The required path parameter id is not documented");
    }

    private Set<String> properties(String schema) {
        JsonNode properties = document.path("components").path("schemas").path(schema).path("properties");
        assertTrue(properties.isObject(), () -> schema + " has no properties");
        return new TreeSet<>(fieldNames(properties));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
