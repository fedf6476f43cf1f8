package dev.pat.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, for resources to hand to the services. */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        Caller caller = CallerIdentity.of(identity);
        if (caller == null) {
            throw new UnauthorizedException();
        }
        return caller;
    }
}
