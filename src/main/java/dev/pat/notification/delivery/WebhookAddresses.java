package dev.pat.notification.delivery;

import dev.pat.notification.WebhookConfig;
import dev.pat.platform.FieldError;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may point. A webhook URL is chosen by a tenant and called by the service from
 * inside the platform's network, so only public addresses are allowed: loopback, private,
 * link-local (cloud metadata), shared, reserved and multicast addresses are refused, IPv6 ones
 * outside global unicast and those that carry an IPv4 address inside (NAT64, 6to4, Teredo), and
 * names that only a host's or a cluster's own resolver answers (single labels such as
 * {@code redis}, {@code *.svc}, {@code *.cluster.local}, {@code *.internal}, ...). The rules apply
 * when the URL is written and again at each delivery, where the name is looked up once and the
 * connection goes to the address that was checked ({@link #connectable}), so a name that changes
 * its answer in between (DNS rebinding) gains nothing. Redirects are never followed. Tests and
 * closed networks lift every rule with PAT_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES.
 */
@Singleton
public class WebhookAddresses {

    /** Name suffixes that only a host's, a home network's or a Kubernetes cluster's own resolver answers. */
    private static final List<String> LOCAL_SUFFIXES = List.of(".localhost", ".local", ".localdomain", ".internal", ".svc",
            ".cluster.local", ".home.arpa");

    /** Why a delivery does not go where its URL points: the name, or an address it resolves to, is not allowed. */
    public static final class NotAllowed extends Exception {
        NotAllowed() {
            super("the webhook's address is not allowed", null, false, false);
        }
    }

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
        } else if (!allowPrivate && isLocalName(bare(uri.getHost()))) {
            errors.add(new FieldError("url", "must point to a public address (not loopback, private or internal names)"));
        }
    }

    /**
     * The address a delivery to {@code host} connects to: the first of those the name has now, once
     * the name and every one of its addresses are allowed. Blocking (a name lookup): call it off
     * the event loop.
     *
     * @param host the URL's host, an IPv6 literal with or without its brackets
     * @throws UnknownHostException the name does not resolve
     * @throws NotAllowed           the name, or one of its addresses, is not a public one
     */
    public InetAddress connectable(String host) throws UnknownHostException, NotAllowed {
        String name = bare(host);
        if (!allowPrivate && isLocalName(name)) {
            throw new NotAllowed();
        }
        InetAddress[] addresses = resolver.resolve(name);
        if (addresses.length == 0) {
            throw new UnknownHostException(name);
        }
        if (!allowPrivate) {
            // All of them: a name with one internal address among public ones is not a receiver's.
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw new NotAllowed();
                }
            }
        }
        return addresses[0];
    }

    /** The host without an IPv6 literal's brackets. */
    static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLocalName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (looksLikeAddress(name)) {
            try {
                // A literal address: no name service is asked.
                return !isPublic(InetAddress.getByName(name));
            } catch (UnknownHostException e) {
                return true;
            }
        }
        if (name.equals("localhost") || !name.contains(".")) {
            // A single label is completed by the resolver's search list: a neighbour in the cluster, never a receiver on the internet.
            return true;
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLikeAddress(String name) {
        return name.contains(":") || name.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? isPublicV4(bytes) : isPublicV6(bytes);
    }

    private static boolean isPublicV4(byte[] bytes) {
        int a = bytes[0] & 0xff;
        int b = bytes[1] & 0xff;
        int c = bytes[2] & 0xff;
        return !(a == 0 || a == 10 || a == 127 || a >= 224                // this network, private, loopback, multicast, reserved, broadcast
                || a == 100 && b >= 64 && b < 128                           // shared address space (carrier-grade NAT)
                || a == 169 && b == 254                                     // link-local: cloud metadata
                || a == 172 && b >= 16 && b < 32 || a == 192 && b == 168    // private
                || a == 192 && b == 0 && (c == 0 || c == 2)                 // protocol assignments, documentation
                || a == 192 && b == 88 && c == 99                           // 6to4 relays
                || a == 198 && (b == 18 || b == 19)                         // benchmarking
                || a == 198 && b == 51 && c == 100 || a == 203 && b == 0 && c == 113); // documentation
    }

    /**
     * Only global unicast (2000::/3) is public: that leaves out ::/96 (IPv4-compatible, with :: and
     * ::1), ::ffff:0:0/96, 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64, which reach the IPv4 address
     * inside them), 100::/64, fc00::/7, fe80::/10 and multicast. Inside it, the prefixes that carry an
     * IPv4 address or are not routed: 2002::/16 (6to4), 2001::/23 (Teredo and other protocol
     * assignments), 2001:db8::/32 (documentation).
     */
    private static boolean isPublicV6(byte[] bytes) {
        if ((bytes[0] & 0xe0) != 0x20) {
            return false;
        }
        int prefix = (bytes[0] & 0xff) << 8 | bytes[1] & 0xff;
        return prefix != 0x2002 && !(prefix == 0x2001 && (bytes[2] & 0xfe) == 0)
                && !(prefix == 0x2001 && (bytes[2] & 0xff) == 0x0d && (bytes[3] & 0xff) == 0xb8);
    }
}
