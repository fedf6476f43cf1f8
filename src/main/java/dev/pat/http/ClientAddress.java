package dev.pat.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;

/**
 * The client a request comes from, as the rate limits count it: the address Vert.x resolved (the
 * forwarded one only from a proxy that {@code quarkus.http.proxy.trusted-proxies} names), an IPv4
 * address whole and an IPv6 address by its /64, since one subscriber usually holds a whole /64 and
 * could otherwise take a fresh budget with every address in it.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest http) {
        SocketAddress remote = http.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : key(remote.hostAddress());
    }

    /**
     * The client's whole address, from the same source as {@link #of} (the forwarded one only from a
     * trusted proxy), for checks that need every bit of it, such as a token's allowed networks; null
     * when unknown.
     */
    public static String resolved(HttpServerRequest http) {
        SocketAddress remote = http.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    /** {@code 2001:db8:1:2:a:b:c:d} becomes {@code 2001:db8:1:2::/64}; IPv4 (mapped IPv4 too) stays as it is. */
    static String key(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.ofLiteral(literal).getAddress(); // a literal only: never a name lookup
        } catch (IllegalArgumentException e) {
            return address;
        }
        if (bytes.length == 4) {
            return InetAddress.ofLiteral(literal).getHostAddress();
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }
}
