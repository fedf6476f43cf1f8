package dev.pat.token.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.crud.Versioned;
import dev.pat.platform.idempotency.Idempotency;
import dev.pat.security.Caller;
import dev.pat.token.api.PersonalAccessTokenBody;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Creates and rotations sent with an Idempotency-Key: the caller is the token for a token secret,
 * the user for a JWT, within the account; the request is the operation and its body as parsed (so
 * a retry that spells the same body differently is the same request). The stored answer is the
 * token body with its id and version, from which the resource makes the same status and headers.
 */
@Singleton
public record IdempotentAnswers(Idempotency idempotency, ObjectMapper json) {

    /** What is kept of an answer. */
    record Stored(UUID id, long version, PersonalAccessTokenBody body) {
    }

    /** The work, once per key (none: every time, as before). */
    Uni<Versioned<PersonalAccessTokenBody>> once(Caller caller, String header, String operation, Object request,
            Supplier<Uni<Versioned<PersonalAccessTokenBody>>> work) {
        if (header == null) {
            return work.get();
        }
        String key;
        String body;
        try {
            key = Idempotency.key(header);
            body = json.writeValueAsString(request);
        } catch (RuntimeException | JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String who = caller.isTokenSecret() ? "token:" + caller.tokenId() : "user:" + caller.userId();
        return idempotency.once(new Idempotency.Request(caller.accountId(), who, key, Idempotency.fingerprint(operation, body)), work,
                this::write, this::read);
    }

    private byte[] write(Versioned<PersonalAccessTokenBody> answer) {
        try {
            return json.writeValueAsBytes(new Stored(answer.id(), answer.version(), answer.body()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Versioned<PersonalAccessTokenBody> read(byte[] stored) {
        try {
            Stored answer = json.readValue(stored, Stored.class);
            return new Versioned<>(answer.body(), answer.id(), answer.version());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
