package dev.pat.credential.auth;

import dev.pat.security.CredentialRefusals;
import dev.pat.token.TokenSecrets;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Accepts {@code Authorization: Bearer pat_...}: a personal access token secret. It runs before
 * SmallRye JWT's mechanism and passes on every bearer value without our prefix, so JWTs are
 * still verified by SmallRye. A malformed secret or one with a wrong checksum is refused here,
 * without touching the database.
 */
@ApplicationScoped
public class PatAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private final CredentialRefusals refusals;

    public PatAuthenticationMechanism(CredentialRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        String credential = authorization.substring(BEARER.length()).trim();
        if (!TokenSecrets.looksLikeSecret(credential)) {
            return Uni.createFrom().nullItem();
        }
        if (!TokenSecrets.isWellFormed(credential)) {
            refusals.refused(CredentialRefusals.Reason.MALFORMED);
            return Uni.createFrom().failure(new AuthenticationFailedException("Malformed personal access token"));
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new PatAuthenticationRequest(credential), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(PatAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 500;
    }
}
