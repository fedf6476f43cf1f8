package dev.pat.notification;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link NotificationProfile} with a webhook timeout far longer than any test waits: a stalled
 * attempt stays open for the whole test, so that what happens meanwhile (another account's
 * delivery, a second attempt to the same receiver) is seen while it is still open.
 */
public class StalledReceiverProfile extends NotificationProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("pat.webhooks.timeout", "PT60S");
        return overrides;
    }
}
