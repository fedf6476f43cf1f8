package dev.pat.token.change;

/** Why a token was revoked, as its token.revoked event and audit line say. */
public enum RevokeReason {
    OWNER, ADMINISTRATOR, LEAKED, USER_DELETED,
    /** An administrator's revocation of every token matching a filter (its free-text reason is in the audit line). */
    BULK,
    /** Unused for longer than the account's token policy allows (the expiry scan). */
    INACTIVE;

    public String wireName() {
        return name().toLowerCase();
    }
}
