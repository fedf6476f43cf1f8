package dev.pat.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The secret format: pat_ + 30 random base62 characters + a 6-character base62 CRC32 checksum. */
class TokenSecretsUnitTest {

    private static final Pattern FORMAT = Pattern.compile("pat_[0-9A-Za-z]{36}");

    @Test
    void aGeneratedSecretHasTheFormatAndAValidChecksum() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String secret = TokenSecrets.generate();
            assertTrue(FORMAT.matcher(secret).matches(), secret);
            assertEquals(TokenSecrets.LENGTH, secret.length());
            assertTrue(TokenSecrets.looksLikeSecret(secret));
            assertTrue(TokenSecrets.isWellFormed(secret), secret);
            assertTrue(seen.add(secret), "secrets do not repeat");
        }
    }

    @Test
    void theChecksumCatchesEveryChangedCharacter() {
        String secret = TokenSecrets.generate();
        for (int i = TokenSecrets.PREFIX.length(); i < secret.length(); i++) {
            char original = secret.charAt(i);
            char other = original == 'a' ? 'b' : 'a';
            String changed = secret.substring(0, i) + other + secret.substring(i + 1);
            assertFalse(TokenSecrets.isWellFormed(changed), () -> "accepted with a changed character: " + changed);
        }
    }

    @Test
    void malformedCandidatesAreRefused() {
        String secret = TokenSecrets.generate();
        assertFalse(TokenSecrets.isWellFormed(secret.substring(1)));
        assertFalse(TokenSecrets.isWellFormed(secret + "0"));
        assertFalse(TokenSecrets.isWellFormed("pat_" + "-".repeat(36)));
        assertFalse(TokenSecrets.isWellFormed("gho_" + secret.substring(4)));
        assertFalse(TokenSecrets.isWellFormed(""));
        assertFalse(TokenSecrets.looksLikeSecret("eyJhbGciOiJSUzI1NiJ9.e30.sig"));
    }

    @Test
    void theDigestIsSha256OfTheSecret() throws Exception {
        String secret = TokenSecrets.generate();
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertArrayEquals(expected, TokenSecrets.digest(secret));
        assertNotEquals(java.util.HexFormat.of().formatHex(TokenSecrets.digest(secret)),
                java.util.HexFormat.of().formatHex(TokenSecrets.digest(TokenSecrets.generate())));
    }
}
