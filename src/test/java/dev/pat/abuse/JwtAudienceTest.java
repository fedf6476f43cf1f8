package dev.pat.abuse;

import static dev.pat.abuse.Tenants.READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pat.abuse.RawHttp.Answer;
import dev.pat.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With an audience configured (mp.jwt.verify.audiences=pat-api), a JWT must name it in aud: no
 * aud, another audience or a near miss is refused, and the issuer is still checked. Its own
 * class because the audience is a profile of its own (one application restart).
 */
@QuarkusTest
@TestProfile(JwtAudienceTest.PatApiAudience.class)
class JwtAudienceTest {

    public static class PatApiAudience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.audiences", "pat-api");
        }
    }

    @Inject
    Fixtures fixtures;

    private UUID account;
    private UUID owner;
    private UUID token;

    @BeforeEach
    void arrange() {
        account = UUID.randomUUID();
        owner = fixtures.user(account, null, null, "user");
        token = fixtures.token(account, owner, "own", null, null, false, READ);
    }

    @Test
    void theConfiguredAudienceReadsTheOwnToken() {
        for (Object audience : new Object[] {"pat-api", List.of("other-api", "pat-api")}) {
            Answer answer = get(withAudience(audience));
            assertEquals(200, answer.status(), () -> "aud " + audience + ": " + answer.describe());
            assertEquals(token.toString(), answer.json().path("id").asText(), answer::describe);
        }
    }

    @Test
    void aTokenWithoutAudienceIsRefused() {
        Map<String, Object> claims = RawJwt.claims(account, owner, "user");
        assertRefused(RawJwt.rs256(RawJwt.rs256Header(), claims));
    }

    @Test
    void anotherAudienceIsRefused() {
        for (Object audience : new Object[] {"other-api", "PAT-API", "pat-api ", "pat-api/", "", List.of(), List.of("other-api"), 1}) {
            assertRefused(withAudience(audience));
        }
    }

    @Test
    void theIssuerIsStillChecked() {
        Map<String, Object> claims = RawJwt.claims(account, owner, "user");
        claims.put("aud", "pat-api");
        claims.put("iss", "https://issuer.elsewhere.example");
        assertRefused(RawJwt.rs256(RawJwt.rs256Header(), claims));
    }

    private String withAudience(Object audience) {
        Map<String, Object> claims = RawJwt.claims(account, owner, "user");
        claims.put("aud", audience);
        return RawJwt.rs256(RawJwt.rs256Header(), claims);
    }

    private Answer get(String jwt) {
        return RawHttp.get("/v3/personal-access-tokens/" + token).bearer(jwt).send();
    }

    private void assertRefused(String jwt) {
        Answer answer = get(jwt);
        assertEquals(401, answer.status(), () -> answer.describe() + "\n    token: " + jwt);
        assertNull(RawHttp.errorContractProblem(answer), answer::describe);
        assertEquals("unauthorized", answer.json().path("code").asText(), answer::describe);
    }
}
