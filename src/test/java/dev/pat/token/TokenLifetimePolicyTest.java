package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.ControlledClock;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A maximum lifetime bounds every way a token gets an expiry: create, PATCH and rotate. */
@QuarkusTest
@TestProfile(TokenLifetimePolicyTest.ThirtyDays.class)
class TokenLifetimePolicyTest {

    private static final Duration MAXIMUM = Duration.ofDays(30);

    public static class ThirtyDays implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pat.tokens.max-lifetime", "P30D");
        }
    }

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    private Owner owner;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
    }

    @Test
    void aRotationWithoutExpiryOfATokenThatNeverExpiresGetsTheMaximum() {
        // Created before the policy: it never expires.
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "from before the policy", null, null, false, READ, WRITE);
        // The service's clock, held still: the maximum is counted from its now, exactly.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);

        Response rotated = TokenApi.rotate(owner.jwt(), id.toString());

        assertEquals(200, rotated.statusCode(), rotated::asString);
        assertEquals(now.plus(MAXIMUM).toString(), rotated.jsonPath().getString("expiresAt"));
    }

    @Test
    void aRotationKeepsAnExpiryWithinTheMaximum() {
        Instant soon = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "within", null, soon, false, READ, WRITE);
        Response rotated = TokenApi.rotate(owner.jwt(), id.toString());
        assertEquals(200, rotated.statusCode(), rotated::asString);
        assertEquals(soon.toString(), rotated.jsonPath().getString("expiresAt"));
    }

    @Test
    void createAndPatchAreBoundedToo() {
        String far = Instant.now().plus(31, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        TokenApi.assertValidation(TokenApi.create(owner.jwt(), fields("name", "far", "scopes", java.util.List.of(READ),
                "expiresAt", far)), "expiresAt");
        TokenApi.assertValidation(TokenApi.create(owner.jwt(), fields("name", "never", "scopes", java.util.List.of(READ))),
                "expiresAt");
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "bounded", null, Instant.now().plus(1, ChronoUnit.DAYS), false, READ);
        TokenApi.assertValidation(TokenApi.patch(owner.jwt(), id.toString(), fields("expiresAt", far)), "expiresAt");
        TokenApi.assertValidation(TokenApi.patch(owner.jwt(), id.toString(), fields("expiresAt", null)), "expiresAt");
    }

    @Test
    void anAccountPolicyTightensTheMaximumNeverLoosensIt() {
        Owner admin = fixtures.administrator();
        Response looser = TokenApi.as(admin.jwt()).contentType(io.restassured.http.ContentType.JSON)
                .body(TokenApi.json(fields("maxLifetimeDays", 31))).when().put("/v3/token-policy").then().extract().response();
        TokenApi.assertValidation(looser, "maxLifetimeDays");
        Response tighter = TokenApi.as(admin.jwt()).contentType(io.restassured.http.ContentType.JSON)
                .body(TokenApi.json(fields("maxLifetimeDays", 7))).when().put("/v3/token-policy").then().extract().response();
        assertEquals(200, tighter.statusCode(), tighter::asString);
        // Within the deployment's 30 days, beyond the account's 7: the account's rule refuses it.
        TokenPolicyTest.assertRefused(TokenApi.create(admin.jwt(), fields("name", "eight", "scopes", java.util.List.of(READ),
                "expiresAt", Instant.now().plus(8, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString())),
                "lifetime_exceeds_policy");
    }
}
