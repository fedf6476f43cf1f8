package dev.pat.platform;

import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Forwarded client addresses are only as good as the proxies they come from: with address
 * forwarding on and no trusted proxy named, any peer that reaches the port could name any client,
 * taking a fresh rate-limit budget (and, for tokens bound to networks, a trusted address) with each
 * request. A production instance refuses that; {@code quarkus.http.proxy.trusted-proxies} names the
 * ingress (addresses or CIDR ranges, e.g. the cluster's pod network).
 */
final class ProxyRequirements {

    private ProxyRequirements() {
    }

    /** The refusal, if this configuration takes forwarded addresses from anybody. */
    static Optional<String> refusal(Config config) {
        boolean forwarding = config.getOptionalValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class).orElse(false);
        List<String> trusted = config.getOptionalValues("quarkus.http.proxy.trusted-proxies", String.class).orElse(List.of());
        if (forwarding && trusted.stream().allMatch(String::isBlank)) {
            return Optional.of("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING is true but QUARKUS_HTTP_PROXY_TRUSTED_PROXIES names no proxy:"
                    + " every peer could then name its own client address. Set it to the ingress' addresses or CIDR ranges.");
        }
        return Optional.empty();
    }
}
