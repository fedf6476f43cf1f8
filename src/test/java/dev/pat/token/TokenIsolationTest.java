package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.fields;
import static dev.pat.support.TokenApi.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who reaches a token: its owner and the admins of its account, nobody else. Every caller runs every
 * operation against the same target token, once with a JWT and once with a token secret of its own;
 * another user's or another account's token answers like a missing one.
 */
@QuarkusTest
class TokenIsolationTest {

    /** How the caller authenticates. */
    enum Credential { JWT, SECRET }

    @Inject
    Fixtures fixtures;

    private Owner owner;
    private Owner admin;
    private Owner otherUser;
    private Owner foreignAdmin;
    private TokenApi.Issued target;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
        admin = fixtures.administrator(owner.accountId());
        otherUser = fixtures.owner(owner.accountId());
        foreignAdmin = fixtures.administrator();
        target = TokenApi.issue(owner.jwt(), "target", READ, WRITE);
    }

    @ParameterizedTest
    @EnumSource(Credential.class)
    void theOwnerMayDoEverything(Credential kind) {
        Actor asOwner = actor(kind, owner.jwt());
        assertEquals(expected(kind, "200", "200 listing the target", "200", "200", "204"), observe(asOwner));
        assertGone();
    }

    @ParameterizedTest
    @EnumSource(Credential.class)
    void anAdminOfTheAccountMayDoEverythingButRotate(Credential kind) {
        Actor asAdmin = actor(kind, admin.jwt());
        // Rotating would hand the administrator the owner's new secret: only the owner rotates.
        assertEquals(expected(kind, "200", "200 listing the target", "200", "404 not_found", "204"), observe(asAdmin));
        assertGone();
    }

    @ParameterizedTest
    @EnumSource(Credential.class)
    void anotherUserOfTheAccountReachesNothing(Credential kind) {
        Actor other = actor(kind, otherUser.jwt());
        assertEquals(expected(kind, "404 not_found", "200 without the target", "404 not_found", "404 not_found",
                "404 not_found"), observe(other));
        assertUntouched();
    }

    @ParameterizedTest
    @EnumSource(Credential.class)
    void anAdminOfAnotherAccountReachesNothing(Credential kind) {
        Actor foreign = actor(kind, foreignAdmin.jwt());
        assertEquals(expected(kind, "404 not_found", "200 without the target", "404 not_found", "404 not_found",
                "404 not_found"), observe(foreign));
        assertUntouched();
    }

    @Test
    void anonymousIsRefusedEverywhere() {
        Actor anonymous = new Actor(null, null);
        Map<String, String> expected = new LinkedHashMap<>();
        for (String operation : List.of("get", "list", "patch", "self", "rotate", "delete")) {
            expected.put(operation, "401 unauthorized");
        }
        assertEquals(expected, observe(anonymous));
        TokenApi.assertUnauthorized(TokenApi.create(null, fields("name", "x", "scopes", List.of())));
        assertUntouched();
    }

    /** A caller's credential, and the id of the token it is when it is a secret. */
    private record Actor(String credential, String ownTokenId) {
    }

    /** The caller itself as a JWT, or a token of its own, created with that JWT, as a secret. */
    private Actor actor(Credential kind, String jwt) {
        if (kind == Credential.JWT) {
            return new Actor(jwt, null);
        }
        TokenApi.Issued own = TokenApi.issue(jwt, "credential", READ, WRITE);
        return new Actor(own.secret(), own.id());
    }

    /** self answers the credential's own token, never the target; a JWT has none. */
    private static Map<String, String> expected(Credential kind, String get, String list, String patch, String rotate,
            String delete) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("get", get);
        expected.put("list", list);
        expected.put("patch", patch);
        expected.put("self", kind == Credential.JWT ? "404 not_found" : "200 its own token");
        expected.put("rotate", rotate);
        expected.put("delete", delete);
        return expected;
    }

    /** Every operation once, in an order where each still finds the target if the caller may reach it. */
    private Map<String, String> observe(Actor actor) {
        String credential = actor.credential();
        String id = target.id();
        Map<String, String> seen = new LinkedHashMap<>();
        Response get = TokenApi.get(credential, id);
        seen.put("get", get.statusCode() == 200 && !id.equals(get.jsonPath().getString("id")) ? "200 another token" : outcome(get));
        Response list = TokenApi.list(credential, Map.of("limit", "100"));
        seen.put("list", list.statusCode() != 200 ? outcome(list)
                : TokenApi.ids(list).contains(id) ? "200 listing the target" : "200 without the target");
        seen.put("patch", outcome(TokenApi.patch(credential, id, fields("name", "renamed"))));
        Response self = TokenApi.self(credential);
        seen.put("self", self.statusCode() != 200 ? outcome(self)
                : self.jsonPath().getString("id").equals(actor.ownTokenId()) ? "200 its own token" : "200 another token");
        Response rotate = TokenApi.rotate(credential, id);
        seen.put("rotate", rotate.statusCode() == 200 && !id.equals(rotate.jsonPath().getString("id"))
                ? "200 another token" : outcome(rotate));
        seen.put("delete", outcome(TokenApi.delete(credential, id)));
        return seen;
    }

    private void assertGone() {
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where id = ?", UUID.fromString(target.id())));
        TokenApi.assertUnauthorized(TokenApi.self(target.secret()));
    }

    /** Neither renamed, nor rotated, nor deleted: the target's own secret still answers it as it was. */
    private void assertUntouched() {
        Response self = TokenApi.self(target.secret());
        assertEquals(200, self.statusCode(), self::asString);
        assertEquals(target.id(), self.jsonPath().getString("id"));
        assertEquals("target", self.jsonPath().getString("name"));
        assertEquals(target.etag(), self.header("ETag"), "The target's version changed");
    }
}
