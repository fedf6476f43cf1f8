package dev.pat.platform;

import dev.pat.platform.database.embedded.EmbeddedPostgresConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a production instance whose JWT verification would accept tokens that were not
 * made for it, or none at all (see {@link JwtVerificationRequirements}), naming every setting
 * missing at once, or that would take forwarded client addresses from any peer (see
 * {@link ProxyRequirements}); says every waiver of those requirements at each start; and warns when a
 * production instance runs on the embedded database, which is for trying the service. Dev and test
 * modes have keys and an issuer of their own, and no audience.
 */
@Singleton
public class StartupChecks {

    void onStart(@Observes StartupEvent event, Config config, EmbeddedPostgresConfig embeddedPostgres) {
        check(LaunchMode.current(), config, embeddedPostgres);
    }

    /** The checks of a start in this mode with this configuration; a unit test gives them its own. */
    static void check(LaunchMode mode, Config config, EmbeddedPostgresConfig embeddedPostgres) {
        if (mode != LaunchMode.NORMAL) {
            return;
        }
        if (embeddedPostgres.active()) {
            Log.warnf("QUARKUS_DATASOURCE_REACTIVE_URL is not set: this instance runs on the embedded PostgreSQL in %s,"
                    + " one process on one machine, for trying the service. Set QUARKUS_DATASOURCE_REACTIVE_URL (with"
                    + " QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD) to run on your PostgreSQL.",
                    embeddedPostgres.dataDir());
        }
        JwtVerificationRequirements.Findings jwt = JwtVerificationRequirements.of(config);
        for (String waiver : jwt.waivers()) {
            Log.warn(waiver);
        }
        if (!jwt.refusals().isEmpty()) {
            throw new IllegalStateException("JWT verification is not configured for production: "
                    + String.join("; ", jwt.refusals()) + ". See README, Configuration.");
        }
        ProxyRequirements.refusal(config).ifPresent(refusal -> {
            throw new IllegalStateException(refusal + " See README, Operating it.");
        });
    }
}
