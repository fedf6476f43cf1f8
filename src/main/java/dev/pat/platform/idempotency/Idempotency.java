package dev.pat.platform.idempotency;

import dev.pat.platform.ServiceException;
import dev.pat.platform.Transactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A write sent with an Idempotency-Key (IETF httpapi draft) is done once: a retry with the same key
 * and the same request, from the same caller, within the window gets the first answer again, the
 * secret it carried included; the same key with another request is a 422, and one that arrives while
 * the first is still under way a 409. The answer is stored in the write's own transaction, so it
 * exists exactly when the write committed; a write that failed stores nothing and may be retried.
 * Stored answers are encrypted (AES-256-GCM, bound to their account, caller and key) and kept for
 * the window only.
 */
// Made at start, so that a deployment without a key is told so in its start log, and a malformed key stops the start.
@Startup
@Singleton
public class Idempotency {

    /** The draft's key is an opaque string; bounded, visible ASCII only. */
    public static final int MAX_KEY_LENGTH = 255;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    /** Who asks, with which key, for what: the fingerprint digests the operation and its body. */
    public record Request(UUID accountId, String caller, String key, byte[] fingerprint) {
    }

    private final Transactions transactions;
    private final InstantSource clock;
    private final IdempotencyConfig config;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public Idempotency(Transactions transactions, InstantSource clock, IdempotencyConfig config) {
        this.transactions = transactions;
        this.clock = clock;
        this.config = config;
        this.key = config.key().filter(text -> !text.isBlank()).map(Idempotency::aesKey).orElse(null);
        if (key == null) {
            Log.warn("PAT_IDEMPOTENCY_KEY is not set: requests with Idempotency-Key are refused (400 validation_failed, naming the header)");
        }
    }

    /** A malformed key stops the start: answers encrypted with a wrong one could not be read back. */
    private static SecretKey aesKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PAT_IDEMPOTENCY_KEY must be 32 bytes in base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("PAT_IDEMPOTENCY_KEY must be 32 bytes in base64, was " + bytes.length + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /**
     * The header's value as a key: the draft sends it as a structured-field string (quoted); a bare
     * token is accepted too. Null when the header is absent.
     */
    public static String key(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (!KEY.matcher(value).matches()) {
            throw ServiceException.invalid("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return value;
    }

    /** SHA-256 of the parts, each length-prefixed so that no two different requests digest alike. */
    public static byte[] fingerprint(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
                digest.update(ByteBuffer.allocate(4).putInt(part == null ? -1 : bytes.length).array());
                digest.update(bytes);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The work done once for the request (in one transaction with its record), or its first answer
     * again. {@code write} and {@code read} turn the answer into bytes and back.
     */
    public <T> Uni<T> once(Request request, Supplier<Uni<T>> work, Function<T, byte[]> write, Function<byte[], T> read) {
        if (key == null) {
            return Uni.createFrom().failure(ServiceException.invalid("Idempotency-Key", "is not available: this deployment has no"
                    + " PAT_IDEMPOTENCY_KEY; send the request without it"));
        }
        Instant now = clock.instant();
        return transactions.write(transaction -> Panache.getSession().flatMap(session -> session
                // One holder per caller and key at a time, across instances: a duplicate in flight is told so, not queued.
                .createNativeQuery("select pg_try_advisory_xact_lock(hashtextextended(:lock, 0))", Boolean.class)
                .setParameter("lock", lockName(request))
                .getSingleResult()
                .flatMap(locked -> {
                    if (!locked) {
                        throw ServiceException.conflict("idempotency_key_in_use", "A request with this Idempotency-Key is still"
                                + " under way; retry once it has answered");
                    }
                    return session.createNativeQuery("select fingerprint, answer from idempotency_record where account_id = :account"
                                    + " and caller = :caller and idempotency_key = :key and expires_at > :now", Object[].class)
                            .setParameter("account", request.accountId())
                            .setParameter("caller", request.caller())
                            .setParameter("key", request.key())
                            .setParameter("now", now)
                            .getResultList();
                })
                .flatMap(found -> found.isEmpty() ? first(session, request, now, work, write) : Uni.createFrom().item(replay(request, found, read)))));
    }

    private <T> Uni<T> first(org.hibernate.reactive.mutiny.Mutiny.Session session, Request request, Instant now, Supplier<Uni<T>> work,
            Function<T, byte[]> write) {
        return work.get().call(answer -> session.createNativeQuery("insert into idempotency_record (account_id, caller, idempotency_key,"
                        + " fingerprint, answer, created_at, expires_at) values (:account, :caller, :key, :fingerprint, :answer, :now, :expires)"
                        // A record past its window that the purge has not removed yet gives way.
                        + " on conflict (account_id, caller, idempotency_key) do update set fingerprint = excluded.fingerprint,"
                        + " answer = excluded.answer, created_at = excluded.created_at, expires_at = excluded.expires_at")
                .setParameter("account", request.accountId())
                .setParameter("caller", request.caller())
                .setParameter("key", request.key())
                .setParameter("fingerprint", request.fingerprint())
                .setParameter("answer", encrypt(request, write.apply(answer)))
                .setParameter("now", now)
                .setParameter("expires", now.plus(config.window()))
                .executeUpdate());
    }

    private <T> T replay(Request request, List<Object[]> found, Function<byte[], T> read) {
        byte[] fingerprint = (byte[]) found.get(0)[0];
        if (!MessageDigest.isEqual(fingerprint, request.fingerprint())) {
            throw ServiceException.unprocessable("idempotency_key_reused", "This Idempotency-Key was used for another request;"
                    + " use a new key for a new request");
        }
        return read.apply(decrypt(request, (byte[]) found.get(0)[1]));
    }

    /** Deletes the answers past their window; lookups ignore them already, this frees their rows. */
    @Scheduled(every = "1m", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> purge() {
        return transactions.write(transaction -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("delete from idempotency_record where expires_at <= :now")
                        .setParameter("now", clock.instant())
                        .executeUpdate()))
                .onFailure().invoke(failure -> Log.debugf("Idempotency purge failed (%s); the next one catches up",
                        failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static String lockName(Request request) {
        return "idempotency:" + request.accountId() + ":" + request.caller() + ":" + request.key();
    }

    /** The record's identity as additional data: a ciphertext moved to another caller's row does not decrypt. */
    private static byte[] associated(Request request) {
        return (request.accountId() + "\n" + request.caller() + "\n" + request.key()).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] encrypt(Request request, byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated(request));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt an idempotent answer", e);
        }
    }

    private byte[] decrypt(Request request, byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE));
            cipher.updateAAD(associated(request));
            return cipher.doFinal(stored, NONCE, stored.length - NONCE);
        } catch (GeneralSecurityException e) {
            // Another key (PAT_IDEMPOTENCY_KEY changed within the window) or a damaged row: not a first answer anyone may get.
            throw ServiceException.conflict("idempotency_answer_unreadable", "The first answer to this Idempotency-Key cannot be"
                    + " given again; send the request with a new key");
        }
    }
}
