package dev.pat.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The format of personal access token secrets, after GitHub's: a fixed prefix a secret scanner
 * recognises, 30 random base62 characters (about 178 bits) and a 6-character base62 CRC32 of
 * everything before it, so a scanner can reject a random look-alike without asking the service.
 * Only the SHA-256 digest of a secret is ever stored or compared.
 */
public final class TokenSecrets {

    public static final String PREFIX = "pat_";
    static final int RANDOM_LENGTH = 30;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    public static String generate() {
        StringBuilder secret = new StringBuilder(LENGTH).append(PREFIX);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            secret.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return secret.append(checksum(secret)).toString();
    }

    /** True when the bearer value claims to be one of our secrets (it has the prefix). */
    public static boolean looksLikeSecret(String bearer) {
        return bearer != null && bearer.startsWith(PREFIX);
    }

    /** True when the value has the exact shape and a matching checksum. */
    public static boolean isWellFormed(String secret) {
        if (secret == null || secret.length() != LENGTH || !secret.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (!isBase62(secret.charAt(i))) {
                return false;
            }
        }
        CharSequence body = secret.subSequence(0, LENGTH - CHECKSUM_LENGTH);
        return checksum(body).equals(secret.substring(LENGTH - CHECKSUM_LENGTH));
    }

    public static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62[(int) (value % 62)];
            value /= 62;
        }
        return new String(digits);
    }

    private static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
