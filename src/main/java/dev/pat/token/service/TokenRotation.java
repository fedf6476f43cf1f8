package dev.pat.token.service;

import dev.pat.crud.Precondition;
import dev.pat.crud.StoredArrays;
import dev.pat.crud.Versioned;
import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import dev.pat.security.Caller;
import dev.pat.token.TokenSecrets;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.api.RotatePersonalAccessToken;
import dev.pat.token.change.TokenChange;
import dev.pat.token.repository.TokenPolicyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A new secret for the same token; the old one is refused from the commit on, or after a grace
 * period. Only the owner rotates: an administrator who could would receive another user's secret,
 * so for anyone else the token is not found.
 */
@Singleton
public record TokenRotation(TokenWriter writer, TokenPolicyRepository policies, TokenRules rules, InstantSource clock,
        IdempotentAnswers answers) {

    /** With an Idempotency-Key (null without one), a retry within the window answers the first rotation again, its secret included. */
    public Uni<Versioned<PersonalAccessTokenBody>> rotate(Caller caller, String id, Precondition precondition,
            RotatePersonalAccessToken request, String idempotencyKey) {
        return answers.once(caller, idempotencyKey, "rotate " + id, request, () -> rotate(caller, id, precondition, request));
    }


    /**
     * @param request the new expiry (absent keeps the current one, bounded by the maximum lifetime)
     *                and how long the replaced secret keeps working (0: it stops at the commit; a
     *                second rotation within a grace period ends the first at once); null for neither
     */
    public Uni<Versioned<PersonalAccessTokenBody>> rotate(Caller caller, String id, Precondition precondition,
            RotatePersonalAccessToken request) {
        Instant expiresAt = request == null ? null : request.expiresAt();
        int grace = request == null || request.gracePeriodSeconds() == null ? 0 : request.gracePeriodSeconds();
        if (grace < 0 || grace > RotatePersonalAccessToken.MAX_GRACE_PERIOD_SECONDS) {
            return Uni.createFrom().failure(ServiceException.invalid("gracePeriodSeconds",
                    "must be a whole number of seconds from 0 to " + RotatePersonalAccessToken.MAX_GRACE_PERIOD_SECONDS));
        }
        return writer.change(caller, id, precondition, (transaction, token) -> policies.inForce(token.accountId).flatMap(policy -> {
            Instant now = clock.instant();
            if (!token.user.id.equals(caller.userId())) {
                throw TokenLookup.notFound();
            }
            rules.checkSelfRotation(caller, token);
            rules.checkHoldsEveryScopeOf(caller, token);
            if (token.revoked) {
                throw new ServiceException(ServiceException.Kind.INVALID, "token_revoked", "A revoked token cannot be rotated", null);
            }
            if (token.isExpiredAt(now)) {
                throw new ServiceException(ServiceException.Kind.INVALID, "token_expired", "An expired token cannot be rotated", null);
            }
            Instant newExpiry = expiresAt != null ? expiresAt : rules.boundedByMaximumLifetime(token.expiresAt, now, policy);
            // The new secret may not outlive the one that asked for it.
            rules.checkWithinCredential(caller, newExpiry);
            if (!Objects.equals(newExpiry, token.expiresAt)) {
                List<FieldError> errors = new ArrayList<>();
                rules.checkExpiry(newExpiry, now, errors);
                if (!errors.isEmpty()) {
                    throw ServiceException.invalid(errors);
                }
            }
            // A new secret is a new credential: the policy in force now applies to what it will carry, kept or not.
            List<TokenRules.PolicyViolation> violations = new ArrayList<>();
            rules.checkPolicyExpiry(policy, newExpiry, now, violations);
            rules.checkPolicyScopes(policy, StoredArrays.values(token.scopes), violations);
            rules.checkPolicyNetworks(policy, StoredArrays.values(token.allowedCidrs), violations);
            TokenRules.refuse(violations);
            token.expiresAt = newExpiry;
            String secret = TokenSecrets.generate();
            byte[] replaced = token.secretDigest;
            // At most two secrets work: the one replaced now, for its grace period, and the new one.
            token.previousSecretDigest = grace > 0 ? token.secretDigest : null;
            token.previousSecretExpiresAt = grace > 0 ? now.plusSeconds(grace) : null;
            token.secretDigest = TokenSecrets.digest(secret);
            token.lastRotatedAt = now;
            token.updatedAt = now;
            // The replaced one stays recognisable: its use after the grace period, or a leak report of it, is caught.
            return writer.rememberFormerSecret(token, replaced, now).chain(() -> writer.save(transaction, token,
                    rotated -> PersonalAccessTokenBody.rotated(rotated, secret), body -> TokenChange.rotated(caller.accountId(), body, caller)));
        }));
    }
}
