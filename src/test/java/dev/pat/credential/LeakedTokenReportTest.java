package dev.pat.credential;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.TokenApi;
import dev.pat.token.TokenSecrets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A secret scanner reports strings it found; those that are secrets of active tokens are revoked
 * at once, and the answer is the same whatever the strings were. No credential is needed.
 */
@QuarkusTest
class LeakedTokenReportTest {

    private static final String REPORT = "/v3/personal-access-tokens/revoke-leaked";

    @Inject
    Fixtures fixtures;

    @Test
    void aReportedSecretIsRevokedEverywhereAndTheAnswerRevealsNothing() throws Exception {
        String jwt = fixtures.owner().jwt();
        TokenApi.Issued leaked = TokenApi.issue(jwt, "leaked", "personalAccessToken:read");
        TokenApi.Issued kept = TokenApi.issue(jwt, "kept", "personalAccessToken:read");
        // Warm: the secret has been checked once, so a stale memory of it would be noticed.
        TokenApi.self(leaked.secret()).then().statusCode(200);

        Response real = report(List.of(leaked.secret(), "pat_notASecretAtAll", TokenSecrets.generate(), "hello"));
        Response nothing = report(List.of(TokenSecrets.generate(), "pat_nope"));
        for (Response answer : List.of(real, nothing)) {
            assertEquals(202, answer.statusCode(), answer::asString);
            assertEquals("", answer.asString());
        }

        TokenApi.assertUnauthorized(TokenApi.self(leaked.secret()));
        TokenApi.self(kept.secret()).then().statusCode(200);
        assertEquals(true, fixtures.single("select revoked from personal_access_token where id = ?::uuid", leaked.id()));
        assertEquals(false, fixtures.single("select revoked from personal_access_token where id = ?::uuid", kept.id()));
        String log = Files.readString(Path.of("target/test-service.log.json"));
        assertTrue(log.contains("token_event=revoked reason=leaked token_id=" + leaked.id()), "a lifecycle line with reason=leaked");

        // Reported again: nothing more to do, the same answer.
        assertEquals(202, report(List.of(leaked.secret())).statusCode());
    }

    @Test
    void aMalformedReportIsA400() {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add("pat_" + i);
        }
        TokenApi.assertValidation(report(tooMany), "credentials");
        TokenApi.assertValidation(given().contentType(ContentType.JSON).body("{}").post(REPORT), "credentials");
        TokenApi.assertValidation(given().contentType(ContentType.JSON).body("{\"credentials\": 5}").post(REPORT), "credentials");
        ErrorBodies.assertError(given().contentType(ContentType.JSON).body("not json").post(REPORT), 400, "malformed_body");
    }

    private static Response report(List<String> credentials) {
        return given().contentType(ContentType.JSON).body(TokenApi.json(Map.of("credentials", credentials))).post(REPORT);
    }
}
