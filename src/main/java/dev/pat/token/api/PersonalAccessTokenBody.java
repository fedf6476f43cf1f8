package dev.pat.token.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pat.crud.StoredArrays;
import dev.pat.directory.api.UserBody;
import dev.pat.platform.ApiTime;
import dev.pat.token.model.PersonalAccessToken;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The seed's personal access token body. {@code token} carries the secret in the one response
 * that creates or rotates it, and is left out of every other response.
 */
@Schema(name = "PersonalAccessToken")
public record PersonalAccessTokenBody(
        String id,
        Instant createdAt,
        Instant updatedAt,
        String name,
        Instant expiresAt,
        boolean revoked,
        List<String> scopes,
        String userId,
        @Schema(description = "The token's user; left out of GET /self for a secret without personalAccessToken:read or :write")
        @JsonInclude(JsonInclude.Include.NON_NULL) UserBody user,
        Instant lastUsedAt,
        Instant lastRotatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String token,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant previousTokenExpiresAt) {

    /** Maps a token whose user chain was fetched with it. */
    public static PersonalAccessTokenBody from(PersonalAccessToken token) {
        return withSecret(token, null);
    }

    public static PersonalAccessTokenBody withSecret(PersonalAccessToken token, String secret) {
        return withSecret(token, secret, null);
    }

    /** A rotation's answer: the new secret, and until when the previous one still works (null: it stopped). */
    public static PersonalAccessTokenBody rotated(PersonalAccessToken token, String secret) {
        return withSecret(token, secret, ApiTime.of(token.previousSecretExpiresAt));
    }

    /** The body of the token revoked at that time (for a token deleted with its user, which is never written revoked). */
    public PersonalAccessTokenBody revokedAt(Instant at) {
        return new PersonalAccessTokenBody(id, createdAt, ApiTime.of(at), name, expiresAt, true, scopes, userId, user, lastUsedAt,
                lastRotatedAt, token, previousTokenExpiresAt);
    }

    /** The token's own fields only, without its user's graph (names, e-mail, metadata). */
    public PersonalAccessTokenBody withoutUser() {
        return new PersonalAccessTokenBody(id, createdAt, updatedAt, name, expiresAt, revoked, scopes, userId, null, lastUsedAt,
                lastRotatedAt, token, previousTokenExpiresAt);
    }

    /** The same body without the secret: what an event tells about the token. */
    public PersonalAccessTokenBody withoutSecret() {
        return new PersonalAccessTokenBody(id, createdAt, updatedAt, name, expiresAt, revoked, scopes, userId, user, lastUsedAt,
                lastRotatedAt, null, previousTokenExpiresAt);
    }

    private static PersonalAccessTokenBody withSecret(PersonalAccessToken token, String secret, Instant previousTokenExpiresAt) {
        return new PersonalAccessTokenBody(token.id.toString(), ApiTime.of(token.createdAt), ApiTime.of(token.updatedAt),
                token.name, ApiTime.of(token.expiresAt), token.revoked, StoredArrays.values(token.scopes),
                token.user.id.toString(), UserBody.from(token.user), ApiTime.of(token.lastUsedAt),
                ApiTime.of(token.lastRotatedAt), secret, previousTokenExpiresAt);
    }
}
