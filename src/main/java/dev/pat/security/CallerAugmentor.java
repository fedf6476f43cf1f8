package dev.pat.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a verified JWT into a {@link Caller}. SmallRye JWT has checked the signature, issuer,
 * audience and times; this refuses a token whose {@code sub} or {@code accountId} is missing or
 * not a UUID, so no request runs without a tenant.
 */
@ApplicationScoped
public class CallerAugmentor implements SecurityIdentityAugmentor {

    static final String ACCOUNT_CLAIM = "accountId";
    static final String SCOPE_CLAIM = "scope";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || CallerIdentity.of(identity) != null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        if (jwt.getIssuedAtTime() > Instant.now().plus(CLOCK_SKEW).getEpochSecond()) {
            // An iat in the future would stretch the maximum token age.
            return Uni.createFrom().failure(new AuthenticationFailedException("The token was issued in the future"));
        }
        Object scopeClaim = jwt.getClaim(SCOPE_CLAIM);
        if (scopeClaim != null && claimText(scopeClaim) == null) {
            // A scope that cannot be read must not be mistaken for "no scope", which means unlimited.
            return Uni.createFrom().failure(new AuthenticationFailedException("The scope claim must be a string"));
        }
        UUID userId = uuidClaim(jwt.getSubject());
        UUID accountId = uuidClaim(claimText(jwt.getClaim(ACCOUNT_CLAIM)));
        if (userId == null || accountId == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("The token lacks a valid sub or accountId claim"));
        }
        Caller caller = Caller.ofJwt(userId, accountId, identity.hasRole(Caller.ADMIN_ROLE), scopes(jwt),
                identity.hasRole(Caller.INTROSPECTOR_ROLE));
        return Uni.createFrom().item(CallerIdentity.build(QuarkusSecurityIdentity.builder(identity), caller));
    }

    private static Set<String> scopes(JsonWebToken jwt) {
        String scope = claimText(jwt.getClaim(SCOPE_CLAIM));
        if (scope == null) {
            return null;
        }
        Set<String> scopes = new LinkedHashSet<>();
        Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        return Set.copyOf(scopes);
    }

    private static String claimText(Object claim) {
        if (claim == null) {
            return null;
        }
        if (claim instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return claim instanceof String text ? text : null;
    }

    private static UUID uuidClaim(String value) {
        if (value == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equals(value.toLowerCase()) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
