package dev.pat.abuse;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.token.TokenSecrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Two fresh accounts. Account A has a plain user (the usual caller: "owner") with a live and a
 * revoked token, a second plain user with a token, and an administrator with a token; account B
 * has a user with a token. Every secret is a real, well-formed one, so each can also be presented
 * as a credential.
 */
final class Tenants {

    static final String READ = "personalAccessToken:read";
    static final String WRITE = "personalAccessToken:write";

    final UUID accountA = UUID.randomUUID();
    final UUID accountB = UUID.randomUUID();

    final UUID owner;
    final UUID otherUser;
    final UUID admin;
    final UUID userB;

    final String ownerSecret = TokenSecrets.generate();
    final String revokedSecret = TokenSecrets.generate();
    final String otherSecret = TokenSecrets.generate();
    final String adminSecret = TokenSecrets.generate();
    final String secretB = TokenSecrets.generate();

    final UUID ownerToken;
    final UUID revokedToken;
    final UUID otherToken;
    final UUID adminToken;
    final UUID tokenB;

    private final Fixtures fixtures;

    Tenants(Fixtures fixtures) {
        this.fixtures = fixtures;
        owner = fixtures.user(accountA, null, null, "user");
        otherUser = fixtures.user(accountA, null, null, "user");
        admin = fixtures.user(accountA, null, null, "admin");
        userB = fixtures.user(accountB, null, null, "admin");
        ownerToken = fixtures.token(accountA, owner, "owner token", ownerSecret, null, false, READ, WRITE);
        revokedToken = fixtures.token(accountA, owner, "owner revoked", revokedSecret, null, true, READ, WRITE);
        otherToken = fixtures.token(accountA, otherUser, "other user's token", otherSecret, null, false, READ, WRITE);
        adminToken = fixtures.token(accountA, admin, "admin token", adminSecret, null, false, READ, WRITE);
        tokenB = fixtures.token(accountB, userB, "account B token", secretB, null, false, READ, WRITE);
    }

    String ownerJwt() {
        return Jwts.user(accountA, owner);
    }

    String otherUserJwt() {
        return Jwts.user(accountA, otherUser);
    }

    String adminJwt() {
        return Jwts.admin(accountA, admin);
    }

    String adminOfBJwt() {
        return Jwts.admin(accountB, userB);
    }

    /** The owner's own tokens: the only ones a plain-user caller may ever get back. */
    Set<String> ownerTokens() {
        return ids(ownerToken, revokedToken);
    }

    Set<String> tokensOfA() {
        return ids(ownerToken, revokedToken, otherToken, adminToken);
    }

    Set<String> usersOfA() {
        return ids(owner, otherUser, admin);
    }

    /** Everything a plain user of A must never be shown: B's ids, the other users of A and their tokens, every secret. */
    Set<String> hiddenFromOwner() {
        Set<String> hidden = ids(accountB, userB, tokenB, otherUser, otherToken, admin, adminToken);
        hidden.addAll(secrets());
        return hidden;
    }

    /** Everything an administrator of A must never be shown: B's ids and every secret. */
    Set<String> hiddenFromAdminOfA() {
        Set<String> hidden = ids(accountB, userB, tokenB);
        hidden.addAll(secrets());
        return hidden;
    }

    List<String> secrets() {
        return List.of(ownerSecret, revokedSecret, otherSecret, adminSecret, secretB);
    }

    /** The rows a plain-user caller of A may not change, by id: tokens of others (A and B) and all users. */
    Map<UUID, String> snapshotOfOthers() {
        Map<UUID, String> rows = new LinkedHashMap<>();
        for (UUID token : List.of(otherToken, adminToken, tokenB)) {
            rows.put(token, tokenRow(token));
        }
        for (UUID user : List.of(owner, otherUser, admin, userB)) {
            rows.put(user, userRow(user));
        }
        rows.put(accountB, "tokens=" + fixtures.count("select count(*) from personal_access_token where account_id = ?", accountB)
                + " users=" + fixtures.count("select count(*) from app_user where account_id = ?", accountB));
        rows.put(otherUser, rows.get(otherUser) + " tokens="
                + fixtures.count("select count(*) from personal_access_token where user_id = ?", otherUser));
        rows.put(admin, rows.get(admin) + " tokens="
                + fixtures.count("select count(*) from personal_access_token where user_id = ?", admin));
        return rows;
    }

    /** Every writable column of a token row; lastUsedAt is left out, since presenting a secret may touch it. */
    String tokenRow(UUID id) {
        Object row = fixtures.single("select concat_ws('|', id, account_id, user_id, version, created_at, updated_at, name,"
                + " coalesce(expires_at::text, '-'), revoked, array_to_string(scopes, ','), encode(secret_digest, 'hex'),"
                + " coalesce(last_rotated_at::text, '-')) from personal_access_token where id = ?", id);
        return row == null ? "(no row)" : row.toString();
    }

    String userRow(UUID id) {
        Object row = fixtures.single("select concat_ws('|', id, account_id, version, updated_at, email, role, coalesce(company, '-'))"
                + " from app_user where id = ?", id);
        return row == null ? "(no row)" : row.toString();
    }

    /** The first hidden string the body shows that the request did not itself carry, or null. */
    static String leaked(String body, String request, Set<String> hidden) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        String bodyLower = body.toLowerCase(Locale.ROOT);
        String requestLower = request.toLowerCase(Locale.ROOT);
        for (String secret : hidden) {
            String needle = secret.toLowerCase(Locale.ROOT);
            if (bodyLower.contains(needle) && !requestLower.contains(needle)) {
                return secret;
            }
        }
        return null;
    }

    private static Set<String> ids(UUID... ids) {
        Set<String> set = new LinkedHashSet<>();
        for (UUID id : ids) {
            set.add(id.toString());
        }
        return set;
    }

    static List<String> strings(UUID... ids) {
        List<String> list = new ArrayList<>();
        for (UUID id : ids) {
            list.add(id.toString());
        }
        return list;
    }
}
