package dev.pat.notification.delivery;

import dev.pat.notification.WebhookConfig;
import dev.pat.platform.FieldError;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may point. A webhook URL is chosen by a tenant and called by the service from
 * inside the platform's network, so loopback, private, link-local (cloud metadata), shared and
 * multicast addresses are refused: when the URL is written (a literal address or a local name)
 * and again before each delivery, on the addresses its name resolves to then. Redirects are never
 * followed. Tests and closed networks turn the check off with PAT_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES.
 */
@Singleton
public class WebhookAddresses {

    private final boolean allowPrivate;
    private final HostResolver resolver;

    public WebhookAddresses(WebhookConfig config, HostResolver resolver) {
        this.allowPrivate = config.allowPrivateAddresses();
        this.resolver = resolver;
    }

    /** Adds an error for a URL that is not an absolute http(s) URL, carries credentials, or names a local host. */
    public void check(String url, List<FieldError> errors) {
        check(url, allowPrivate, errors);
    }

    static void check(String url, boolean allowPrivate, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            return;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            errors.add(new FieldError("url", "must be an absolute http or https URL"));
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isBlank()) {
            errors.add(new FieldError("url", "must be an absolute http or https URL"));
        } else if (uri.getRawUserInfo() != null) {
            errors.add(new FieldError("url", "must not carry credentials; the secret signs each delivery"));
        } else if (uri.getRawFragment() != null) {
            errors.add(new FieldError("url", "must not have a fragment"));
        } else if (!allowPrivate && isLocalName(uri.getHost())) {
            errors.add(new FieldError("url", "must not point to a loopback or private address"));
        }
    }

    /** Whether a delivery may go to this host: every address it resolves to now must be public. */
    public boolean mayDeliverTo(String host) throws UnknownHostException {
        if (allowPrivate) {
            return true;
        }
        for (InetAddress address : resolver.resolve(host)) {
            if (!isPublic(address)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLocalName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local") || name.endsWith(".internal")) {
            return true;
        }
        if (!looksLikeAddress(name)) {
            return false;
        }
        try {
            // A literal address: no name service is asked.
            return !isPublic(InetAddress.getByName(name));
        } catch (UnknownHostException e) {
            return true;
        }
    }

    private static boolean looksLikeAddress(String name) {
        return name.contains(":") || name.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // 0/8 "this network", 100.64/10 shared (carrier-grade NAT), 192.0.0/24 protocol assignments, 198.18/15 benchmarks, 240/4 reserved
            return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 192 && second == 0 && bytes[2] == 0)
                    && !(first == 198 && (second == 18 || second == 19)) && first < 240;
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local addresses (Java's isSiteLocal only knows the old fec0::/10)
            return (bytes[0] & 0xfe) != 0xfc;
        }
        return true;
    }
}
