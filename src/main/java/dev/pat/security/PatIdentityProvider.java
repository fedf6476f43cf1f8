package dev.pat.security;

import dev.pat.service.TokenAuthenticationService;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a personal access token secret into the identity of its user, limited to its scopes. */
@ApplicationScoped
public class PatIdentityProvider implements IdentityProvider<PatAuthenticationRequest> {

    private final TokenAuthenticationService authentication;

    public PatIdentityProvider(TokenAuthenticationService authentication) {
        this.authentication = authentication;
    }

    @Override
    public Class<PatAuthenticationRequest> getRequestType() {
        return PatAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(PatAuthenticationRequest request, AuthenticationRequestContext context) {
        return authentication.authenticate(request.secret()).map(authenticated -> CallerIdentity.build(
                QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(authenticated.caller().userId().toString()))
                        .addRole(authenticated.role()),
                authenticated.caller()));
    }
}
