package dev.pat.listing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pat.platform.ServiceException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Lets at most a few list queries of one account run at once on this instance (a semaphore per
 * account in front of the pool); one more is refused at once with 429, so that one tenant's heavy
 * lists cannot hold every pooled connection while every other tenant waits. The counts live in a
 * bounded cache: an account with nothing running is forgotten.
 */
@Singleton
public class ListGate {

    private final int perAccount;
    private final Cache<UUID, AtomicInteger> running = Caffeine.newBuilder().maximumSize(20_000)
            .expireAfterAccess(Duration.ofMinutes(5)).build();

    public ListGate(ListConfig config) {
        this.perAccount = Math.max(1, config.maxConcurrentPerAccount());
    }

    /** The list's work, once the account has room; its place is given back whatever the work ends with. */
    public <T> Uni<T> run(UUID accountId, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            AtomicInteger count = running.get(accountId, id -> new AtomicInteger());
            if (count.incrementAndGet() > perAccount) {
                count.decrementAndGet();
                return Uni.createFrom().failure(ServiceException.busy("too_many_lists",
                        "This account already has " + perAccount + " list requests under way; retry when one has finished"));
            }
            return work.get().eventually(count::decrementAndGet);
        });
    }
}
