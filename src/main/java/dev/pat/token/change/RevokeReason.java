package dev.pat.token.change;

/** Why a token was revoked, as its token.revoked event and audit line say. */
public enum RevokeReason {
    OWNER, ADMINISTRATOR, LEAKED, USER_DELETED;

    public String wireName() {
        return name().toLowerCase();
    }
}
