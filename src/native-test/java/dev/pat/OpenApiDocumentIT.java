package dev.pat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the build stored (target/openapi, what client generators are given) is
 * valid for swagger-parser, is exactly what the packaged service serves at /q/openapi, and holds
 * what generators and gateways need: one bearer scheme that every operation names, an operationId
 * on every operation, a schema on every parameter and header, described tags, a server.
 */
@QuarkusIntegrationTest
class OpenApiDocumentIT {

    private static final Path STORED = Path.of("target/openapi");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theStoredDocumentIsValid() throws IOException {
        for (String file : List.of("openapi.json", "openapi.yaml")) {
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(Files.readString(STORED.resolve(file)), null, options);
            assertTrue(result.getMessages().isEmpty(), () -> file + ": " + result.getMessages());
            assertTrue(result.getOpenAPI() != null && result.getOpenAPI().getOpenapi().startsWith("3."), file + " is OpenAPI 3");
        }
    }

    @Test
    void theServiceServesTheStoredDocument() throws IOException {
        JsonNode served = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        assertEquals(stored(), served);
    }

    @Test
    void everyOperationNamesTheOneBearerSchemeAndHasAnOperationId() throws IOException {
        JsonNode document = stored();
        JsonNode schemes = document.at("/components/securitySchemes");
        assertEquals(List.of("bearer"), names(schemes), "one security scheme");
        assertEquals("http", schemes.at("/bearer/type").asText());
        assertEquals("bearer", schemes.at("/bearer/scheme").asText());

        Set<String> operationIds = new HashSet<>();
        forEachOperation(document, (where, operation) -> {
            String id = operation.path("operationId").asText();
            assertFalse(id.isEmpty(), where + " has no operationId");
            assertTrue(operationIds.add(id), "operationId " + id + " twice");
            List<String> required = new ArrayList<>();
            operation.path("security").forEach(requirement -> required.addAll(names(requirement)));
            // Leaked-secret reports come from scanners without a credential; everything else needs one.
            assertEquals(id.equals("revokeLeakedPersonalAccessTokens") ? List.of() : List.of("bearer"), required, where + " security");
        });
        assertTrue(operationIds.containsAll(Set.of("getPersonalAccessToken", "listPersonalAccessTokens",
                "createPersonalAccessToken", "updatePersonalAccessToken", "deletePersonalAccessToken",
                "rotatePersonalAccessToken", "getCurrentPersonalAccessToken", "introspectPersonalAccessToken",
                "revokeLeakedPersonalAccessTokens", "listScopes", "getPersonalAccessTokenAllowedCidrs",
                "replacePersonalAccessTokenAllowedCidrs", "revokePersonalAccessTokens", "getTokenPolicy", "replaceTokenPolicy")),
                operationIds::toString);
        assertEquals(37, operationIds.size(), operationIds::toString);
    }

    @Test
    void everyParameterAndHeaderHasASchema() throws IOException {
        JsonNode document = stored();
        forEachOperation(document, (where, operation) -> {
            operation.path("parameters").forEach(parameter -> assertTrue(parameter.path("schema").isObject(),
                    where + " parameter " + parameter.path("name").asText()));
            operation.path("responses").fields().forEachRemaining(response -> response.getValue().path("headers").fields()
                    .forEachRemaining(header -> assertTrue(header.getValue().path("schema").isObject(),
                            where + " " + response.getKey() + " header " + header.getKey())));
        });
        JsonNode list = document.at("/paths/~1v3~1personal-access-tokens/get/parameters");
        List<String> parameters = new ArrayList<>();
        list.forEach(parameter -> parameters.add(parameter.path("name").asText()));
        assertTrue(parameters.containsAll(List.of("page", "limit", "sort", "name", "name[cn]", "createdAt[gte]", "revoked", "userId")),
                parameters::toString);
    }

    @Test
    void tagsAreDescribedAServerIsNamedAndTheTokenHasTheSeedExample() throws IOException {
        JsonNode document = stored();
        document.path("tags").forEach(tag -> assertFalse(tag.path("description").asText().isBlank(), tag.toString()));
        assertEquals(6, document.path("tags").size());
        assertFalse(document.at("/servers/0/url").asText().isBlank(), "a server");
        JsonNode example = document.at("/components/schemas/PersonalAccessToken/example");
        assertEquals("2019-08-24T14:15:22Z", example.path("createdAt").asText());
        assertTrue(example.at("/user/organization/reseller").isObject(), "the seed's nesting");
    }

    @Test
    void whatAWebhookReceivesIsDescribed() throws IOException {
        JsonNode document = stored();
        JsonNode event = document.at("/components/schemas/WebhookEvent/properties");
        assertEquals(List.of("id", "event", "createdAt", "accountId", "reason", "threshold", "clientAddress", "data"), names(event));
        assertEquals("#/components/schemas/PersonalAccessToken", event.at("/data/$ref").asText());
        assertTrue(document.at("/tags").toString().contains("Webhook-Signature"), "the signature is described");
        JsonNode deliveries = document.at("/paths/~1v3~1webhooks~1{id}~1deliveries/get/parameters");
        assertTrue(deliveries.toString().contains("\"in\":\"path\""), "the webhook's id stays a path parameter: " + deliveries);
        assertTrue(deliveries.toString().contains("\"status\""), "the list filters are generated: " + deliveries);
    }

    private static JsonNode stored() throws IOException {
        return JSON.readTree(STORED.resolve("openapi.json").toFile());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private interface OperationCheck {
        void check(String where, JsonNode operation);
    }

    private static void forEachOperation(JsonNode document, OperationCheck check) {
        for (Map.Entry<String, JsonNode> path : (Iterable<Map.Entry<String, JsonNode>>) document.path("paths")::fields) {
            for (Map.Entry<String, JsonNode> operation : (Iterable<Map.Entry<String, JsonNode>>) path.getValue()::fields) {
                if (Set.of("get", "put", "post", "patch", "delete").contains(operation.getKey())) {
                    check.check(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
                }
            }
        }
    }
}
