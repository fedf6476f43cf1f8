package dev.pat.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.StringPermission;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Scopes and the administrator role as the permissions resources declare. */
class CallerIdentityUnitTest {

    private static final StringPermission TOKEN_READ = new StringPermission("personalAccessToken", "read");
    private static final StringPermission TOKEN_WRITE = new StringPermission("personalAccessToken", "write");
    private static final StringPermission USER_WRITE = new StringPermission("user", "write");

    @Test
    void anUnscopedCredentialHoldsEveryScopeItsRolePermits() {
        Caller user = caller(false, null);
        assertTrue(CallerIdentity.grants(user, TOKEN_READ));
        assertTrue(CallerIdentity.grants(user, TOKEN_WRITE));
        assertFalse(CallerIdentity.grants(user, USER_WRITE), "the directory is for administrators");
        assertTrue(CallerIdentity.grants(caller(true, null), USER_WRITE));
    }

    @Test
    void anAdministrativeScopeIsGrantedToAnAdministratorsCredentialOnly() {
        assertFalse(CallerIdentity.grants(caller(false, Set.of(Scopes.USER_WRITE)), USER_WRITE), "a scope grants no role");
        assertTrue(CallerIdentity.grants(caller(true, Set.of(Scopes.USER_WRITE)), USER_WRITE));
        assertFalse(CallerIdentity.grants(caller(true, Set.of(Scopes.USER_READ)), USER_WRITE), "a role grants no scope");
    }

    @Test
    void theAdministratorPermissionIsTheRoleWhateverTheScopes() {
        StringPermission administrator = new StringPermission(CallerIdentity.ACCOUNT_ADMINISTRATOR);
        assertTrue(CallerIdentity.grants(caller(true, null), administrator));
        assertTrue(CallerIdentity.grants(caller(true, Set.of(Scopes.TOKEN_READ)), administrator));
        assertFalse(CallerIdentity.grants(caller(false, null), administrator), "a user is no administrator");
    }

    @Test
    void aScopedCredentialHoldsItsScopesOnly() {
        Caller reader = caller(true, Set.of(Scopes.TOKEN_READ));
        assertTrue(CallerIdentity.grants(reader, TOKEN_READ));
        assertFalse(CallerIdentity.grants(reader, TOKEN_WRITE));
        assertFalse(CallerIdentity.grants(caller(true, Set.of()), TOKEN_READ), "an empty scope list holds nothing");
    }

    @Test
    void aPermissionWithSeveralActionsNeedsOneOfThem() {
        StringPermission readOrWrite = new StringPermission("personalAccessToken", "read", "write");
        assertTrue(CallerIdentity.grants(caller(false, Set.of(Scopes.TOKEN_WRITE)), readOrWrite));
        assertFalse(CallerIdentity.grants(caller(false, Set.of(Scopes.USER_READ)), readOrWrite));
    }

    @Test
    void aPermissionThatIsNoKnownScopeIsNeverGranted() {
        Caller unlimited = caller(true, null);
        assertFalse(CallerIdentity.grants(unlimited, new StringPermission("personalAccessToken", "delete")));
        assertFalse(CallerIdentity.grants(unlimited, new StringPermission("anything")));
    }

    private static Caller caller(boolean admin, Set<String> scopes) {
        return new Caller(UUID.randomUUID(), UUID.randomUUID(), admin, scopes, null);
    }
}
