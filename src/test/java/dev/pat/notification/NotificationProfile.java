package dev.pat.notification;

import dev.pat.support.SmtpServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The service with its notification worker on, fast: deliveries looked for every 200 ms, the
 * expiry scan every second, retries after half a second and given up after 20 s, receivers on
 * loopback allowed, e-mail through a real SMTP server started for the tests.
 */
public class NotificationProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "pat.notifications.worker-enabled", "true",
                "pat.notifications.delivery-poll-interval", "PT0.2S",
                "pat.notifications.expiry-scan-interval", "PT1S",
                "pat.notifications.retry-first-delay", "PT0.5S",
                "pat.notifications.retry-max-delay", "PT2S",
                "pat.notifications.retry-for", "PT20S",
                "pat.notifications.email.enabled", "true",
                "pat.webhooks.allow-private-addresses", "true",
                "pat.webhooks.timeout", "PT1S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SmtpServer.class));
    }
}
