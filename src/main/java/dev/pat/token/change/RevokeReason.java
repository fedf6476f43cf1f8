package dev.pat.token.change;

/** Why a token was revoked, as its token.revoked event and audit line say. */
public enum RevokeReason {
    /** BULK: an administrator's revocation of every token matching a filter (its free-text reason is in the audit line). */
    OWNER, ADMINISTRATOR, LEAKED, USER_DELETED, BULK;

    public String wireName() {
        return name().toLowerCase();
    }
}
