package dev.pat.credential.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Writes a batch of token uses in one statement on the reactive pool, outside any request's session. */
@ApplicationScoped
public class LastUseRepository {

    /** How many distinct client addresses a token keeps, newest first. */
    public static final int MAX_ADDRESSES = 5;

    /**
     * Newest addresses first, then the row's older ones not among them, five at most. The time
     * condition keeps the interval across instances; a new address is written regardless.
     */
    private static final String UPDATE = "update personal_access_token t"
            + " set last_used_at = greatest(coalesce(t.last_used_at, u.at), u.at),"
            + " last_used_ips = (u.ips || array(select x from unnest(t.last_used_ips) x where x <> all(u.ips)))[1:"
            + MAX_ADDRESSES + "]"
            + " from (select id, at, case when ips = '' then '{}'::varchar[] else string_to_array(ips, ',')::varchar[] end ips"
            + " from unnest($1::uuid[], $2::timestamptz[], $3::text[]) as b(id, at, ips)) u"
            + " where t.id = u.id and (t.last_used_at is null or t.last_used_at < u.at - make_interval(secs => $4)"
            + " or not (u.ips <@ t.last_used_ips))";

    private final Pool pool;

    public LastUseRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param addresses each token's new addresses, comma-separated, newest first ("" for none)
     * @param intervalSeconds a use within this long after the stored one changes nothing but new addresses
     */
    public Uni<Void> write(UUID[] ids, OffsetDateTime[] times, String[] addresses, long intervalSeconds) {
        return pool.preparedQuery(UPDATE).execute(Tuple.of(ids, times, addresses, (double) intervalSeconds)).replaceWithVoid();
    }
}
