package dev.pat.platform;

import dev.pat.platform.database.EmbeddedPostgresConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a production instance that could not verify any JWT: without a verification
 * key and an issuer every request would be refused, or worse, tokens of any issuer accepted. And
 * warns when a production instance runs on the embedded database, which is for trying the service.
 */
@Singleton
public class StartupChecks {

    void check(@Observes StartupEvent event, Config config, EmbeddedPostgresConfig embeddedPostgres) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        if (embeddedPostgres.active()) {
            Log.warnf("QUARKUS_DATASOURCE_REACTIVE_URL is not set: this instance runs on the embedded PostgreSQL in %s,"
                    + " one process on one machine, for trying the service. Set QUARKUS_DATASOURCE_REACTIVE_URL (with"
                    + " QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD) to run on your PostgreSQL.",
                    embeddedPostgres.dataDir());
        }
        boolean hasKey = present(config, "mp.jwt.verify.publickey.location") || present(config, "mp.jwt.verify.publickey");
        boolean hasIssuer = present(config, "mp.jwt.verify.issuer");
        if (!hasKey || !hasIssuer) {
            throw new IllegalStateException("JWT verification is not configured: set "
                    + (hasKey ? "" : "MP_JWT_VERIFY_PUBLICKEY_LOCATION (a PEM or JWKS file or URL)")
                    + (!hasKey && !hasIssuer ? " and " : "")
                    + (hasIssuer ? "" : "MP_JWT_VERIFY_ISSUER (the expected iss claim)")
                    + ". See README, Configuration.");
        }
    }

    private static boolean present(Config config, String name) {
        return config.getOptionalValue(name, String.class).filter(value -> !value.isBlank()).isPresent();
    }
}
