package dev.pat.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.security.Permission;

/**
 * Puts the {@link Caller} on the security identity, with what it may do as permissions, so that
 * resources declare what they need ({@code @PermissionsAllowed}) instead of checking it.
 *
 * <p>A scope is the permission of the same name ({@code personalAccessToken:read}): granted when
 * the credential holds it, or carries no scope at all (then its role alone limits it). A method
 * that accepts several scopes of one name gets one permission with several actions
 * ({@code personalAccessToken} with {@code read,write}), granted when any of them is held. A scope of
 * what only administrators manage ({@link Scopes#ADMINISTRATION}: the directory, the webhooks) is
 * granted to the account's administrators alone, so one annotation declares both conditions.
 */
public final class CallerIdentity {

    /**
     * The permission to introspect token secrets: a JWT of a platform service (group
     * {@code introspector}, any account) or of an account administrator (its own account). Never a
     * token secret: one token must not learn about others.
     */
    public static final String INTROSPECTION = "introspection";

    /**
     * Being an administrator of the account, whatever the credential: declared in a second
     * {@code @PermissionsAllowed} beside the scope's (both must hold) by operations on the whole
     * account, such as a bulk revocation or the token policy, which the scope alone would grant to
     * every user.
     */
    public static final String ACCOUNT_ADMINISTRATOR = "accountAdministrator";

    private static final String ATTRIBUTE = "dev.pat.caller";

    private CallerIdentity() {
    }

    /** The identity being built, with the caller and its permissions. */
    public static SecurityIdentity build(QuarkusSecurityIdentity.Builder identity, Caller caller) {
        return identity.addAttribute(ATTRIBUTE, caller)
                .addPermissionChecker(permission -> Uni.createFrom().item(grants(caller, permission)))
                .build();
    }

    /** The caller an identity stands for, or null for an anonymous one. */
    public static Caller of(SecurityIdentity identity) {
        return identity.getAttribute(ATTRIBUTE);
    }

    static boolean grants(Caller caller, Permission permission) {
        if (INTROSPECTION.equals(permission.getName())) {
            return caller.tokenId() == null && (caller.introspector() || caller.admin());
        }
        if (ACCOUNT_ADMINISTRATOR.equals(permission.getName())) {
            return caller.admin();
        }
        String actions = permission.getActions();
        if (actions == null || actions.isEmpty()) {
            return false;
        }
        // Quarkus joins the scopes of one name that a method accepts into one permission: "read,write".
        for (String action : actions.split(",")) {
            String scope = permission.getName() + ":" + action;
            if (Scopes.ALL.contains(scope) && caller.holdsAny(scope) && (caller.admin() || !Scopes.ADMINISTRATION.contains(scope))) {
                return true;
            }
        }
        return false;
    }
}
