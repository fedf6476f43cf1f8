package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ControlledClock;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import dev.pat.token.service.InactiveTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The account's token policy: administrators only, checked at every create, PATCH of expiry or
 * scopes and rotation, never changing existing tokens but counting and listing those that break it,
 * and its inactivity rule applied by the scan with a week's notice.
 */
@QuarkusTest
class TokenPolicyTest {

    private static final String POLICY = "/v3/token-policy";
    private static final String LICENSE_READ = "license:read";

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    @Inject
    InactiveTokens inactive;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    private static Response put(String jwt, Object body) {
        return TokenApi.as(jwt).contentType(ContentType.JSON).body(TokenApi.json(body)).when().put(POLICY).then().extract().response();
    }

    private static Response get(String jwt) {
        return TokenApi.as(jwt).when().get(POLICY).then().extract().response();
    }

    private static String inDays(long days) {
        return Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void onlyTheAccountsAdministratorsReadOrReplaceIt() {
        Owner admin = fixtures.administrator();
        Owner user = fixtures.owner(admin.accountId());
        ErrorBodies.assertError(get(user.jwt()), 403, "forbidden");
        ErrorBodies.assertError(put(user.jwt(), fields("requireExpiry", true)), 403, "forbidden");
        // An administrator's credential without a token scope may not either.
        ErrorBodies.assertError(get(admin.scoped("user:read")), 403, "forbidden");

        Response initial = get(admin.jwt());
        assertEquals(200, initial.statusCode(), initial::asString);
        assertEquals(Map.of("requireExpiry", false, "requireAllowedCidrs", false, "nonCompliantTokens", 0),
                Map.of("requireExpiry", initial.jsonPath().get("requireExpiry"), "requireAllowedCidrs",
                        initial.jsonPath().get("requireAllowedCidrs"), "nonCompliantTokens", initial.jsonPath().get("nonCompliantTokens")));
        assertNull(initial.jsonPath().get("maxLifetimeDays"));

        Response replaced = put(admin.jwt(), fields("maxLifetimeDays", 30, "requireExpiry", true, "allowedScopes", List.of(READ),
                "inactivityRevokeDays", 90, "requireAllowedCidrs", true));
        assertEquals(200, replaced.statusCode(), replaced::asString);
        Response read = get(admin.scoped(READ));
        assertEquals(200, read.statusCode(), read::asString);
        assertEquals(30, read.jsonPath().getInt("maxLifetimeDays"));
        assertEquals(List.of(READ), read.jsonPath().getList("allowedScopes"));
        assertEquals(90, read.jsonPath().getInt("inactivityRevokeDays"));
        assertTrue(read.jsonPath().getBoolean("requireAllowedCidrs"));
        // Another account has none of it.
        assertNull(get(fixtures.administrator().jwt()).jsonPath().get("maxLifetimeDays"));
    }

    @Test
    void aMalformedPolicyIsRefusedWhole() {
        Owner admin = fixtures.administrator();
        TokenApi.assertValidation(put(admin.jwt(), fields("maxLifetimeDays", 0, "inactivityRevokeDays", 100000,
                "allowedScopes", List.of(READ, "no:such"))), "maxLifetimeDays", "inactivityRevokeDays", "allowedScopes[1]");
        TokenApi.assertValidation(put(admin.jwt(), fields("allowedScopes", List.of())), "allowedScopes");
        assertNull(get(admin.jwt()).jsonPath().get("allowedScopes"));
    }

    @Test
    void createIsCheckedAgainstThePolicy() {
        Owner admin = fixtures.administrator();
        assertEquals(200, put(admin.jwt(), fields("maxLifetimeDays", 10, "allowedScopes", List.of(READ, WRITE))).statusCode());

        assertRefused(TokenApi.create(admin.jwt(), fields("name", "forever", "scopes", List.of(READ))), "expiry_required");
        assertRefused(TokenApi.create(admin.jwt(), fields("name", "long", "scopes", List.of(READ), "expiresAt", inDays(11))),
                "lifetime_exceeds_policy");
        assertRefused(TokenApi.create(admin.jwt(), fields("name", "wide", "scopes", List.of(READ, LICENSE_READ),
                "expiresAt", inDays(5))), "scope_not_allowed");
        TokenApi.issue(admin.jwt(), fields("name", "fits", "scopes", List.of(READ, WRITE), "expiresAt", inDays(10)));
        assertEquals(1, fixtures.count("select count(*) from personal_access_token where account_id = ?", admin.accountId()));
    }

    @Test
    void requireExpiryAloneAcceptsAnyLifetime() {
        Owner admin = fixtures.administrator();
        assertEquals(200, put(admin.jwt(), fields("requireExpiry", true)).statusCode());
        assertRefused(TokenApi.create(admin.jwt(), fields("name", "forever", "scopes", List.of(READ))), "expiry_required");
        TokenApi.issue(admin.jwt(), fields("name", "long", "scopes", List.of(LICENSE_READ), "expiresAt", inDays(3000)));
    }

    @Test
    void patchAndRotationAreCheckedAgainstThePolicyRenameAndRevocationAreNot() {
        Owner admin = fixtures.administrator();
        UUID wide = fixtures.token(admin.accountId(), admin.userId(), "wide", null, Instant.now().plus(Duration.ofDays(2)), false,
                READ, LICENSE_READ);
        UUID forever = fixtures.token(admin.accountId(), admin.userId(), "forever", null, null, false, READ);
        assertEquals(200, put(admin.jwt(), fields("maxLifetimeDays", 10, "allowedScopes", List.of(READ, WRITE))).statusCode());

        assertRefused(TokenApi.patch(admin.jwt(), forever.toString(), fields("expiresAt", inDays(20))), "lifetime_exceeds_policy");
        assertRefused(TokenApi.patch(admin.jwt(), forever.toString(), fields("scopes", List.of(READ, LICENSE_READ))), "scope_not_allowed");
        assertEquals(200, TokenApi.patch(admin.jwt(), wide.toString(), fields("name", "renamed")).statusCode());
        assertRefused(TokenApi.rotate(admin.jwt(), wide.toString()), "scope_not_allowed");

        // A rotation without expiresAt of a token that never expires gets the policy's maximum, counted from now.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);
        Response rotated = TokenApi.rotate(admin.jwt(), forever.toString());
        assertEquals(200, rotated.statusCode(), rotated::asString);
        assertEquals(now.plus(Duration.ofDays(10)).toString(), rotated.jsonPath().getString("expiresAt"));

        assertEquals(200, TokenApi.patch(admin.jwt(), wide.toString(), fields("revoked", true)).statusCode());
    }

    @Test
    void tighteningChangesNoTokenButCountsAndListsThoseThatBreakIt() {
        Owner admin = fixtures.administrator();
        Owner user = fixtures.owner(admin.accountId());
        Instant soon = Instant.now().plus(Duration.ofDays(5));
        UUID fits = fixtures.token(admin.accountId(), user.userId(), "fits", null, soon, false, READ);
        UUID never = fixtures.token(admin.accountId(), user.userId(), "never", null, null, false, READ);
        UUID far = fixtures.token(admin.accountId(), user.userId(), "far", null, Instant.now().plus(Duration.ofDays(60)), false, READ);
        UUID wide = fixtures.token(admin.accountId(), admin.userId(), "wide", null, soon, false, READ, LICENSE_READ);
        fixtures.token(admin.accountId(), user.userId(), "revoked", null, null, true, LICENSE_READ);
        fixtures.token(admin.accountId(), user.userId(), "expired", null, Instant.now().minus(Duration.ofDays(1)), false, LICENSE_READ);

        Response replaced = put(admin.jwt(), fields("maxLifetimeDays", 30, "allowedScopes", List.of(READ, WRITE)));
        assertEquals(200, replaced.statusCode(), replaced::asString);
        assertEquals(3, replaced.jsonPath().getInt("nonCompliantTokens"));
        assertEquals(3, get(admin.jwt()).jsonPath().getInt("nonCompliantTokens"));
        assertEquals(Set.of(never.toString(), far.toString(), wide.toString()),
                Set.copyOf(TokenApi.ids(TokenApi.list(admin.jwt(), Map.of("compliant", "false")))));
        assertEquals(List.of(fits.toString()), TokenApi.ids(TokenApi.list(admin.jwt(), Map.of("compliant", "true"))));
        // The flag combines with the other filters, and a user sees only its own.
        assertEquals(List.of(wide.toString()), TokenApi.ids(TokenApi.list(admin.jwt(), Map.of("compliant", "false", "name", "wide"))));
        assertEquals(Set.of(never.toString(), far.toString()),
                Set.copyOf(TokenApi.ids(TokenApi.list(user.jwt(), Map.of("compliant", "false")))));
        TokenApi.assertValidation(TokenApi.list(admin.jwt(), Map.of("compliant", "maybe")), "compliant");
        // Nothing changed on them.
        assertEquals(null, fixtures.single("select expires_at from personal_access_token where id = ?", never));
        assertFalse((Boolean) fixtures.single("select revoked from personal_access_token where id = ?", wide));

        // Loosening again: nothing breaks it any more.
        assertEquals(0, put(admin.jwt(), fields()).jsonPath().getInt("nonCompliantTokens"));
        assertEquals(List.of(), TokenApi.ids(TokenApi.list(admin.jwt(), Map.of("compliant", "false"))));
    }

    @Test
    void anInactiveTokenIsToldAWeekAheadThenRevoked() throws Throwable {
        Owner admin = fixtures.administrator();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);
        // Last used in 2019 (the fixture's time): far past any rule.
        UUID idle = fixtures.token(admin.accountId(), admin.userId(), "idle", null, null, false, READ);
        UUID busy = fixtures.token(admin.accountId(), admin.userId(), "busy", null, null, false, READ);
        fixtures.update("update personal_access_token set last_used_at = ? where id = ?", Timestamp.from(now.minus(Duration.ofDays(1))), busy);
        // Another account without the rule: untouched.
        Owner other = fixtures.administrator();
        UUID elsewhere = fixtures.token(other.accountId(), other.userId(), "elsewhere", null, null, false, READ);
        assertEquals(200, put(admin.jwt(), fields("inactivityRevokeDays", 30)).statusCode());

        scan();
        scan();
        assertEquals(1, events(idle, "token.inactive_soon"));
        assertEquals(0, events(busy, "token.inactive_soon"));
        assertFalse(revoked(idle), "revoked without a week's notice");

        clock.advance(Duration.ofDays(7).minusSeconds(1));
        scan();
        assertFalse(revoked(idle), "revoked before the notice was a week old");

        clock.advance(Duration.ofSeconds(1));
        scan();
        scan();
        assertTrue(revoked(idle));
        assertEquals(1, events(idle, "token.revoked"));
        String payload = (String) fixtures.single("select payload from notification_event where token_id = ? and event = 'token.revoked'", idle);
        assertTrue(payload.contains("\"reason\":\"inactive\""), payload);
        assertFalse(revoked(busy));
        assertFalse(revoked(elsewhere));
        assertEquals(0, events(elsewhere, "token.inactive_soon"));

        // The busy one, unused from now on, is told 7 days before its deadline (last use + 30 days), not earlier.
        clock.advance(Duration.ofDays(14));
        scan();
        assertEquals(0, events(busy, "token.inactive_soon"));
        clock.advance(Duration.ofDays(2));
        scan();
        assertEquals(1, events(busy, "token.inactive_soon"));
    }

    /** 400 with the policy's code and errors naming the fields that break it, as every error body: no internals. */
    @Test
    void aPolicyThatRequiresNetworksRefusesATokenWithoutAndCountsTheOldOnes() {
        Owner admin = fixtures.administrator();
        TokenApi.Issued anywhere = TokenApi.issue(admin.jwt(), "anywhere", READ);
        Response policy = put(admin.jwt(), fields("requireAllowedCidrs", true));
        assertEquals(200, policy.statusCode(), policy::asString);
        assertEquals(1, policy.jsonPath().getInt("nonCompliantTokens"), "the token usable from anywhere breaks it");
        Response listed = TokenApi.list(admin.jwt(), Map.of("compliant", "false"));
        assertEquals(List.of(anywhere.id()), TokenApi.ids(listed), listed::asString);

        // A new secret for the old token would be usable from anywhere: the rotation is refused, the old secret kept.
        assertRefused(TokenApi.rotate(admin.jwt(), anywhere.id()), "allowed_cidrs_required");
        TokenApi.self(anywhere.secret()).then().statusCode(200);

        Response refused = TokenApi.create(admin.jwt(), fields("name", "nowhere in particular", "scopes", List.of(READ)));
        assertRefused(refused, "allowed_cidrs_required");
        assertEquals(List.of("allowedCidrs"), refused.jsonPath().getList("errors.field"));
        TokenApi.Issued bounded = TokenApi.issue(admin.jwt(), fields("name", "office", "scopes", List.of(READ),
                "allowedCidrs", List.of("192.0.2.0/24")));

        // Emptying a token's list would make it usable from anywhere again; narrowing it is fine.
        assertRefused(TokenApi.as(admin.jwt()).contentType(ContentType.JSON).body(TokenApi.json(fields("allowedCidrs", List.of())))
                .when().put(TokenApi.TOKEN + "/allowed-cidrs", bounded.id()).then().extract().response(), "allowed_cidrs_required");
        Response narrowed = TokenApi.as(admin.jwt()).contentType(ContentType.JSON)
                .body(TokenApi.json(fields("allowedCidrs", List.of("192.0.2.7/32"))))
                .when().put(TokenApi.TOKEN + "/allowed-cidrs", bounded.id()).then().extract().response();
        assertEquals(200, narrowed.statusCode(), narrowed::asString);
        assertEquals(List.of("192.0.2.7/32"), narrowed.jsonPath().getList("allowedCidrs"));
        assertEquals(2, fixtures.count("select count(*) from personal_access_token where account_id = ?", admin.accountId()));
        assertEquals(1, get(admin.jwt()).jsonPath().getInt("nonCompliantTokens"), "still only the old token");
    }

    static void assertRefused(Response response, String code) {
        String text = response.asString();
        assertEquals(400, response.statusCode(), text);
        assertEquals(code, response.jsonPath().getString("code"), text);
        assertFalse(response.jsonPath().getString("message").isBlank(), text);
        assertFalse(response.jsonPath().getList("errors.field").isEmpty(), text);
        ErrorBodies.assertNoInternals(text);
    }

    private void scan() throws Throwable {
        VertxContextSupport.subscribeAndAwait(inactive::scan);
    }

    private long events(UUID token, String event) {
        return fixtures.count("select count(*) from notification_event where token_id = ? and event = ?", token, event);
    }

    private boolean revoked(UUID token) {
        return (Boolean) fixtures.single("select revoked from personal_access_token where id = ?", token);
    }
}
