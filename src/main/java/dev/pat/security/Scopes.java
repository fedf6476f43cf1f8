package dev.pat.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The scopes a credential may carry, and the pairs each operation accepts. */
public final class Scopes {

    public static final String TOKEN_READ = "personalAccessToken:read";
    public static final String TOKEN_WRITE = "personalAccessToken:write";
    /** Lets a token's own secret rotate it (GitLab's self_rotate); any other rotation needs no more than write. */
    public static final String TOKEN_ROTATE = "personalAccessToken:rotate";
    public static final String RESELLER_READ = "reseller:read";
    public static final String RESELLER_WRITE = "reseller:write";
    public static final String ORGANIZATION_READ = "organization:read";
    public static final String ORGANIZATION_WRITE = "organization:write";
    public static final String USER_READ = "user:read";
    public static final String USER_WRITE = "user:write";
    public static final String WEBHOOK_READ = "webhook:read";
    public static final String WEBHOOK_WRITE = "webhook:write";

    public static final Set<String> ALL = new LinkedHashSet<>(List.of(
            TOKEN_READ, TOKEN_WRITE, TOKEN_ROTATE,
            RESELLER_READ, RESELLER_WRITE,
            ORGANIZATION_READ, ORGANIZATION_WRITE,
            USER_READ, USER_WRITE,
            WEBHOOK_READ, WEBHOOK_WRITE));

    /** What only an account's administrators manage (its directory, its webhooks): such a scope is granted to them alone. */
    public static final Set<String> ADMINISTRATION = Set.of(RESELLER_READ, RESELLER_WRITE, ORGANIZATION_READ, ORGANIZATION_WRITE,
            USER_READ, USER_WRITE, WEBHOOK_READ, WEBHOOK_WRITE);

    private Scopes() {
    }
}
