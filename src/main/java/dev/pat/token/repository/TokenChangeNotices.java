package dev.pat.token.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.UUID;

/**
 * The notices on the PostgreSQL channel that every instance listens on (see the credential
 * capability's TokenChangeFeed) for changes that can turn an accepted secret into a refused one. A
 * notice is a {@code NOTIFY} inside the change's own transaction, so it goes out on commit and never
 * for a rollback. The payload is {@code token:<id>} or {@code user:<id>}.
 */
@ApplicationScoped
public class TokenChangeNotices {

    public static final String CHANNEL = "pat_token_changes";

    /** What a notice names: a token, or a user (every token of the user). */
    public record Notice(boolean user, UUID id) {
    }

    /** Within the current transaction: a token changed. */
    public Uni<Void> tokenChanged(UUID tokenId) {
        return notify("token:" + tokenId);
    }

    /** Within the current transaction: a user changed or was deleted. */
    public Uni<Void> userChanged(UUID userId) {
        return notify("user:" + userId);
    }

    /**
     * Within the current transaction: these tokens and users changed, in one statement however many
     * they are (a bulk revocation must not cost a round trip per notice).
     */
    public Uni<Void> changed(List<UUID> tokenIds, List<UUID> userIds) {
        List<String> payloads = new ArrayList<>(tokenIds.size() + userIds.size());
        tokenIds.forEach(id -> payloads.add("token:" + id));
        userIds.forEach(id -> payloads.add("user:" + id));
        if (payloads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (payloads.size() == 1) {
            return notify(payloads.get(0));
        }
        // Built from UUIDs only, like a single NOTIFY; pg_notify is the function form of the same notice.
        String values = payloads.stream().map(payload -> "('" + payload + "')").collect(Collectors.joining(","));
        return Panache.getSession().flatMap(session -> session.createNativeQuery("select count(*) from (values " + values
                        + ") as v(payload) cross join lateral pg_notify('" + CHANNEL + "', v.payload)", Long.class)
                .getSingleResult()).replaceWithVoid();
    }

    /** A payload as received; empty when it is not one this service sends. */
    public static Optional<Notice> parse(String payload) {
        int colon = payload == null ? -1 : payload.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String kind = payload.substring(0, colon);
        if (!kind.equals("token") && !kind.equals("user")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Notice(kind.equals("user"), UUID.fromString(payload.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Uni<Void> notify(String payload) {
        // NOTIFY takes no bind parameter; the payload is built from a UUID only.
        return Panache.getSession().flatMap(session -> session.createNativeQuery("NOTIFY " + CHANNEL + ", '" + payload + "'")
                .executeUpdate()).replaceWithVoid();
    }
}
