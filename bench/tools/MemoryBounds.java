import dev.pat.credential.SecretCacheConfig;
import dev.pat.http.ratelimit.RateLimitConfig;
import dev.pat.security.jwt.JwksConfig;
import dev.pat.security.jwt.JwtCacheConfig;
import dev.pat.token.TokenConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.WithDefault;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Helper of bench/memory-bounds.sh: fills each of the service's in-memory bounds to its default
 * size with the service's own classes (from the packaged jar) and prints the heap each one holds
 * when full, so the recommended heap can be sized against the worst case rather than against what
 * a benchmark happened to touch.
 *
 * <pre>
 * java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/tools/MemoryBounds.java PUBLIC_KEY_PEM ISSUER JWT_FILE
 *     JWT_FILE: RS256 JWTs signed for PUBLIC_KEY_PEM and ISSUER, one per line, as many as the
 *     verified-JWT memory holds (they are verified in full, as the service does, before being kept).
 * </pre>
 */
public class MemoryBounds {

    public static void main(String[] args) throws Exception {
        RateLimitConfig rateLimit = defaults(RateLimitConfig.class);
        SecretCacheConfig secretCache = defaults(SecretCacheConfig.class);
        JwtCacheConfig jwtCache = defaults(JwtCacheConfig.class);
        InstantSource clock = InstantSource.system();
        long base = usedAfterGc();

        // Rate limits: three limits, each up to max-tracked keys (client addresses, identities).
        int tracked = rateLimit.maxTracked();
        Object limiter = construct("dev.pat.http.ratelimit.RateLimiter", new Class<?>[] {RateLimitConfig.class, InstantSource.class},
                rateLimit, clock);
        Object address = call(limiter, "address");
        Object identity = call(limiter, "identity");
        Object leaked = call(limiter, "leakedReports");
        Method acquire = address.getClass().getMethod("acquire", String.class);
        for (int i = 0; i < tracked; i++) {
            String ipv6 = String.format("2001:db8:%x:%x:%x:%x:%x:%x", i >>> 16, i & 0xffff, i % 7919, i % 65521, i % 4099, i % 257);
            acquire.invoke(address, ipv6);
            acquire.invoke(leaked, ipv6);
            acquire.invoke(identity, "subject:" + UUID.randomUUID() + "/" + UUID.randomUUID());
        }
        long limits = usedAfterGc() - base;
        print("rate limits: 3 limits x " + tracked + " keys", limits, 3L * tracked,
                (long) call(address, "tracked") + (long) call(identity, "tracked") + (long) call(leaked, "tracked"));

        // The secret memory: what authentication needs of a secret, keyed by the secret's digest.
        int secrets = secretCache.maxEntries();
        long before = usedAfterGc();
        Object memory = construct("dev.pat.credential.cache.SecretCache", new Class<?>[] {SecretCacheConfig.class,
                Class.forName("dev.pat.credential.cache.TokenChangeFeed"), InstantSource.class,
                io.micrometer.core.instrument.MeterRegistry.class}, secretCache, null, clock, new SimpleMeterRegistry());
        // As once its channel listens (listening() itself logs through Quarkus' transformed Log).
        Field listening = memory.getClass().getDeclaredField("listening");
        listening.setAccessible(true);
        listening.setBoolean(memory, true);
        long generation = (long) call(memory, "generation");
        Class<?> entryType = Class.forName("dev.pat.credential.cache.SecretCache$Entry");
        Constructor<?> entry = entryType.getDeclaredConstructors()[0];
        Method put = memory.getClass().getDeclaredMethod("put", String.class, entryType, long.class);
        put.setAccessible(true);
        byte[] digest = new byte[32];
        for (int i = 0; i < secrets; i++) {
            new java.util.Random(i).nextBytes(digest);
            Instant now = Instant.now();
            put.invoke(memory, HexFormat.of().formatHex(digest), entry.newInstance(UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), "admin", Set.of("user:read", "user:write", "personalAccessToken:read"), now.plusSeconds(86_400),
                    false, now, now, false), generation);
        }
        cleanUp(memory, "entries");
        long secretBytes = usedAfterGc() - before;
        print("secret memory", secretBytes, secrets, secrets);

        // The verified-JWT memory: the token SmallRye JWT returned, kept under the JWT's digest.
        List<String> jwts = Files.readAllLines(Path.of(args[2]));
        int jwtEntries = jwtCache.maxEntries();
        before = usedAfterGc();
        JWTAuthContextInfo context = new JWTAuthContextInfo(Path.of(args[0]).toUri().toString(), args[1]);
        Object keys = construct("dev.pat.security.jwt.VerificationKeys", new Class<?>[] {String.class, JwksConfig.class},
                context.getPublicKeyLocation(), defaults(JwksConfig.class));
        Object parser = construct("dev.pat.security.jwt.CachingJwtParser", new Class<?>[] {JWTAuthContextInfo.class, int.class,
                Duration.class, InstantSource.class, keys.getClass()}, context, jwtEntries, jwtCache.timeToLive(), clock, keys);
        Method parse = parser.getClass().getMethod("parse", String.class);
        for (String jwt : jwts.subList(0, Math.min(jwts.size(), jwtEntries))) {
            parse.invoke(parser, jwt);
        }
        cleanUp(parser, "verified");
        long jwtBytes = usedAfterGc() - before;
        print("verified-JWT memory (" + jwts.get(0).length() + "-character JWTs)", jwtBytes, jwtEntries,
                Math.min(jwts.size(), jwtEntries));

        // Last use: what was last queued per token, and the writes waiting for the next flush (10,000).
        before = usedAfterGc();
        Object tracker = construct("dev.pat.credential.service.LastUsedTracker", new Class<?>[] {
                Class.forName("dev.pat.credential.repository.LastUseRepository"), io.vertx.mutiny.core.Vertx.class, TokenConfig.class,
                io.micrometer.core.instrument.MeterRegistry.class}, null, null, defaults(TokenConfig.class), new SimpleMeterRegistry());
        Method touch = tracker.getClass().getDeclaredMethod("touch", UUID.class, Instant.class, Instant.class, String.class);
        touch.setAccessible(true);
        Field remembered = tracker.getClass().getDeclaredField("MAX_REMEMBERED");
        remembered.setAccessible(true);
        int uses = remembered.getInt(null);
        for (int i = 0; i < uses; i++) {
            touch.invoke(tracker, UUID.randomUUID(), null, Instant.now(), String.format("2001:db8::%x:%x", i >>> 16, i & 0xffff));
        }
        cleanUp(tracker, "lastWritten");
        long usedBytes = usedAfterGc() - before;
        print("last-use memory (tokens used, writes pending)", usedBytes, uses, uses);

        System.out.printf("all bounds full: %.1f MB%n", (limits + secretBytes + jwtBytes + usedBytes) / 1e6);
        java.lang.ref.Reference.reachabilityFence(tracker);
        java.lang.ref.Reference.reachabilityFence(limiter);
        java.lang.ref.Reference.reachabilityFence(secretCache);
        java.lang.ref.Reference.reachabilityFence(parser);
    }

    private static void print(String what, long bytes, long bound, long held) {
        System.out.printf("%-50s %8.1f MB for %,d entries held (bound %,d): %,d bytes each%n", what, bytes / 1e6, held, bound,
                held == 0 ? 0 : bytes / held);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Object construct(String type, Class<?>[] parameters, Object... arguments) throws Exception {
        Constructor<?> constructor = Class.forName(type).getDeclaredConstructor(parameters);
        constructor.setAccessible(true);
        return constructor.newInstance(arguments);
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    private static void cleanUp(Object owner, String field) throws Exception {
        Field f = owner.getClass().getDeclaredField(field);
        f.setAccessible(true);
        ((com.github.benmanes.caffeine.cache.Cache<?, ?>) f.get(owner)).cleanUp();
    }

    /** The configuration with every value at its declared default (what a deployment gets unless it sets one). */
    @SuppressWarnings("unchecked")
    static <T> T defaults(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, arguments) -> {
            Class<?> result = method.getReturnType();
            WithDefault value = method.getAnnotation(WithDefault.class);
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + " defaults";
            }
            if (result.isInterface() && result.getName().startsWith("dev.pat.")) {
                return defaults(result);
            }
            if (result == Optional.class) {
                return Optional.empty();
            }
            if (value == null) {
                throw new IllegalStateException(type.getSimpleName() + "." + method.getName() + " has no default");
            }
            String text = value.value();
            if (result == int.class) {
                return Integer.parseInt(text);
            }
            if (result == long.class) {
                return Long.parseLong(text);
            }
            if (result == boolean.class) {
                return Boolean.parseBoolean(text);
            }
            if (result == Duration.class) {
                return Duration.parse(text);
            }
            return text;
        });
    }
}
