package dev.pat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.util.Set;

/** The one error body of the API: {"message": "...", "code": "..."}, never a trace or a class name. */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    /** Asserts the status and the error body shape; answers the parsed body. */
    public static JsonNode assertError(Response response, int status, String code) {
        String text = response.asString();
        assertEquals(status, response.statusCode(), () -> "Status; body was " + text);
        String contentType = response.getContentType();
        assertTrue(contentType != null && contentType.startsWith("application/json"),
                () -> "Content-Type should be JSON, was " + contentType + "; body was " + text);
        JsonNode body = SeedContract.parse(text);
        SeedContract.assertKeys(Set.of("message", "code"), body, "error body");
        assertTrue(body.get("message").isTextual() && !body.get("message").asText().isBlank(),
                () -> "message should be a non-blank string: " + text);
        assertEquals(code, body.get("code").asText(), () -> "code; body was " + text);
        assertNoInternals(text);
        return body;
    }

    public static void assertNoInternals(String text) {
        for (String leak : new String[] {"java.", "jakarta.", "io.quarkus", "io.vertx", "org.hibernate", "dev.pat.",
                "Exception", "stack", "\tat "}) {
            assertFalse(text.contains(leak), () -> "The error body leaks '" + leak + "': " + text);
        }
    }
}
