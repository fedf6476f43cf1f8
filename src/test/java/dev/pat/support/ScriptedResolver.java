package dev.pat.support;

import dev.pat.notification.delivery.HostResolver;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's name resolution in tests: the JVM's, except for the names a test gives answers
 * for (names no name server knows, such as {@code *.invalid}), and a count of every lookup, so a
 * test can tell what the service asked and when.
 */
@Alternative
@Priority(1)
@Singleton
public class ScriptedResolver implements HostResolver {

    private final Map<String, InetAddress[]> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.computeIfAbsent(host, ignored -> new AtomicInteger()).incrementAndGet();
        InetAddress[] answer = answers.get(host);
        return answer != null ? answer.clone() : InetAddress.getAllByName(host);
    }

    /** From now on the name resolves to these literal addresses. */
    public void answer(String host, String... literals) {
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            try {
                addresses[i] = InetAddress.getByAddress(host, InetAddress.getByName(literals[i]).getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not a literal address: " + literals[i], e);
            }
        }
        answers.put(host, addresses);
    }

    /** How often the service looked the name up. */
    public int lookups(String host) {
        AtomicInteger count = lookups.get(host);
        return count == null ? 0 : count.get();
    }
}
