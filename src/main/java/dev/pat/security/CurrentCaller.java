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
        Caller caller = identity.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
            throw new UnauthorizedException();
        }
        return caller;
    }

    /** An administrator of the account whose credential holds one of the scopes (403 otherwise). */
    public Caller requireAdmin(String... scopes) {
        Caller caller = requireAny(scopes);
        if (!caller.admin()) {
            throw new io.quarkus.security.ForbiddenException("Only administrators of the account may do this");
        }
        return caller;
    }

    /** The caller, after checking that its credential holds one of the scopes (403 otherwise). */
    public Caller requireAny(String... scopes) {
        Caller caller = get();
        if (!caller.holdsAny(scopes)) {
            throw new io.quarkus.security.ForbiddenException("The credential lacks the scope " + String.join(" or ", scopes));
        }
        return caller;
    }
}
