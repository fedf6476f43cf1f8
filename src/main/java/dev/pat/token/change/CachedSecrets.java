package dev.pat.token.change;

import java.util.UUID;

/**
 * What this instance remembers of checked secrets, implemented by the credential capability: a
 * committed change makes it forget the token (or every token of a user) before the answer goes out.
 * Other instances forget on the change notice.
 */
public interface CachedSecrets {

    void forgetToken(UUID tokenId);

    void forgetUser(UUID userId);
}
