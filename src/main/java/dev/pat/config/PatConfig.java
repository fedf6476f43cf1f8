package dev.pat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The service's own settings, under {@code pat.*} (environment: {@code PAT_*}). */
@ConfigMapping(prefix = "pat")
public interface PatConfig {

    Tokens tokens();

    ScopeList scopes();

    /** The scope vocabulary (service.ScopeVocabulary): by default the seed platform's list and this service's own. */
    interface ScopeList {
        /** Replaces the default vocabulary: a comma-separated list of scopes. */
        Optional<List<String>> list();

        /** Replaces the default vocabulary: a file with one scope and its description a line. */
        Optional<String> file();

        /** Added to the vocabulary, whichever it is. */
        Optional<List<String>> extra();
    }

    Demo demo();

    RateLimit rateLimit();

    JwtCache jwtCache();

    interface JwtCache {
        /** How many verified JWTs are remembered (until their exp or maximum age); 0 verifies every request. */
        @WithDefault("2000")
        int maxEntries();

        /** How long at most a verified JWT is trusted without verifying it again (a withdrawn key stops counting then). */
        @WithDefault("PT5M")
        Duration timeToLive();
    }

    Jwks jwks();

    SecretCache secretCache();

    /** service.SecretCache: checked secrets remembered on each instance, dropped on every change notice. */
    interface SecretCache {
        /** How many secrets are remembered at most; 0 checks every secret against the database. */
        @WithDefault("10000")
        int maxEntries();
    }

    /** A remote JWKS (an http(s) MP_JWT_VERIFY_PUBLICKEY_LOCATION), held by security.VerificationKeys. */
    interface Jwks {
        /** How old the fetched key set may get before it is fetched again in the background. */
        @WithDefault("PT1M")
        Duration refreshInterval();

        /** A token naming an unknown key id fetches the set again at most this often. */
        @WithDefault("PT10S")
        Duration unknownKeyRefreshInterval();

        /** How long one fetch may take. */
        @WithDefault("PT5S")
        Duration fetchTimeout();
    }

    Database database();

    Webhooks webhooks();

    interface Webhooks {
        /** Accept webhook URLs on loopback and private addresses, and deliver to them (tests, closed networks). */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /** How long one delivery may take before it counts as failed and is tried again. */
        @WithDefault("PT5S")
        Duration timeout();
    }

    Notifications notifications();

    /** The outbox worker and the expiry scan (service.DeliveryWorker, service.ExpiryReminders). */
    interface Notifications {
        /** Run the delivery worker and the expiry scan on this instance; events are written to the outbox either way. */
        @WithDefault("true")
        boolean workerEnabled();

        /** How often the expiry scan runs; read by the scheduler too. */
        @WithDefault("PT1H")
        Duration expiryScanInterval();

        /** How often the worker looks for due deliveries (it also looks right after a change of this instance). */
        @WithDefault("PT1S")
        Duration deliveryPollInterval();

        /** How many deliveries one look claims at most. */
        @WithDefault("20")
        int batchSize();

        /** The wait before the second attempt; each further wait doubles, up to retryMaxDelay. */
        @WithDefault("PT30S")
        Duration retryFirstDelay();

        @WithDefault("PT2H")
        Duration retryMaxDelay();

        /** After this long of failed attempts a delivery is marked failed. */
        @WithDefault("P1D")
        Duration retryFor();

        /** How long events and their deliveries are kept once none is pending. */
        @WithDefault("P30D")
        Duration retention();

        Email email();

        /** SMTP for reminders and notices to token owners (Vert.x' mail client). */
        interface Email {
            @WithDefault("false")
            boolean enabled();

            @WithDefault("localhost")
            String host();

            @WithDefault("25")
            int port();

            /** The sender address. */
            @WithDefault("pat-service@localhost")
            String from();

            Optional<String> username();

            Optional<String> password();

            /** STARTTLS: DISABLED, OPTIONAL (use it when offered) or REQUIRED. */
            @WithDefault("OPTIONAL")
            String startTls();

            /** Connect with TLS from the start (SMTPS, usually port 465). */
            @WithDefault("false")
            boolean ssl();
        }
    }

    interface RateLimit {
        /** Apply the limits below and answer 429 past them; false turns every limit off. */
        @WithDefault("true")
        boolean enabled();

        /** Per client address, before authentication: the seed platform's published rule, 50 per 5 seconds. */
        @WithDefault("50")
        int addressRequests();

        @WithDefault("PT5S")
        Duration addressPeriod();

        /** Per authenticated identity (the token for a secret, the subject for a JWT), whatever address it comes from. */
        @WithDefault("50")
        int identityRequests();

        @WithDefault("PT5S")
        Duration identityPeriod();

        /** Leaked-token reports (unauthenticated) per client address. */
        @WithDefault("60")
        int leakedReportRequests();

        @WithDefault("PT1H")
        Duration leakedReportPeriod();

        /**
         * How many keys each limit remembers at most (Caffeine's admission keeps the busiest). A
         * forgotten key starts again with a full bucket, so the bound can only ever let more
         * through, never refuse more. About 300 bytes of heap per key (bench/memory-bounds.sh):
         * three limits at 20,000 keys hold 18 MB.
         */
        @WithDefault("20000")
        int maxTracked();
    }

    interface Database {
        /** How long a request waits for a pooled connection before it is answered 503. */
        @WithDefault("PT3S")
        Duration acquireTimeout();

        /** How long opening a connection to PostgreSQL may take. */
        @WithDefault("PT3S")
        Duration connectTimeout();

        /** The Retry-After given with a 503 when the database is unavailable. */
        @WithDefault("PT5S")
        Duration retryAfter();

        /** While the schema cannot be migrated (database down at start), how often to try again. */
        @WithDefault("PT5S")
        Duration migrationRetryInterval();
    }

    /** Read before CDI starts, by {@link EmbeddedPostgresConfigSourceFactory}; declared here to document and validate them. */
    EmbeddedPostgres embeddedPostgres();

    interface EmbeddedPostgres {
        /** Start the embedded PostgreSQL when no datasource URL is configured. */
        @WithDefault("true")
        boolean enabled();

        /** Its data directory, kept across restarts. */
        @WithDefault(".pat-data/postgres")
        String dataDir();

        /** Wipe the data directory at start (tests). */
        @WithDefault("false")
        boolean clean();

        /** Set by the service itself when the embedded database serves this run. */
        @WithDefault("false")
        boolean active();
    }

    interface Tokens {
        /** The longest lifetime a new or rotated token may have; empty = no maximum. */
        Optional<Duration> maxLifetime();

        /** How often at most lastUsedAt is written for one token. */
        @WithDefault("PT1M")
        Duration lastUsedInterval();

        /** How many active (not revoked, not expired) tokens one user may hold. */
        @WithDefault("100")
        int maxActivePerUser();
    }

    interface Demo {
        /** Load the demo dataset into an empty database at start (on by default in dev mode). */
        @WithDefault("false")
        boolean enabled();
    }
}
