package dev.pat.credential.auth;

import dev.pat.credential.service.SecretAuthentication;
import dev.pat.http.ClientAddress;
import dev.pat.security.CallerIdentity;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a personal access token secret into the identity of its user, limited to its scopes. */
@ApplicationScoped
public class PatIdentityProvider implements IdentityProvider<PatAuthenticationRequest> {

    static final String TOKEN_EXPIRES_AT = "X-Token-Expires-At";

    private final SecretAuthentication authentication;

    public PatIdentityProvider(SecretAuthentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public Class<PatAuthenticationRequest> getRequestType() {
        return PatAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(PatAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        // The rate limiter's source: the forwarded address only where quarkus.http.proxy.* trusts the proxy.
        String address = http == null ? null : ClientAddress.resolved(http.request());
        return authentication.authenticate(request.secret(), address).invoke(authenticated -> {
            if (http != null && authenticated.expiresAt() != null) {
                // Like GitHub's token-expiration header: a client sees the end coming.
                http.response().putHeader(TOKEN_EXPIRES_AT, authenticated.expiresAt().toString());
            }
        }).map(authenticated -> CallerIdentity.build(
                QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(authenticated.caller().userId().toString()))
                        .addRole(authenticated.role()),
                authenticated.caller()));
    }
}
