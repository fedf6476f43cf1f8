package dev.pat.platform;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network in CIDR notation, normalised: the host bits cleared ({@code 10.1.2.3/8}
 * is {@code 10.0.0.0/8}), a bare address a network of its one address ({@code /32}, {@code /128}).
 * Only literals are read, never a name: parsing cannot cause a DNS lookup.
 *
 * @param network the network's address bytes (4 or 16), host bits zero
 * @param prefix  the prefix length
 */
public record Cidr(byte[] network, int prefix) {

    /** The network a CIDR string names, or empty when it names none. */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        int slash = value.indexOf('/');
        String literal = slash < 0 ? value : value.substring(0, slash);
        Optional<byte[]> address = addressBytes(literal);
        if (address.isEmpty() || literal.indexOf('%') >= 0 || literal.startsWith("[")) {
            return Optional.empty();
        }
        byte[] bytes = address.get();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = value.substring(slash + 1);
            // Digits only, at most three: no sign, no spaces, no "08" read as octal surprises.
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(length);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(masked(bytes, prefix), prefix));
    }

    /**
     * The bytes of an address literal (IPv4, IPv6, bracketed IPv6, with or without a zone), IPv4
     * for an IPv4-mapped IPv6 address; empty when it is not one.
     */
    public static Optional<byte[]> addressBytes(String literal) {
        if (literal == null || literal.isEmpty()) {
            return Optional.empty();
        }
        String bare = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        int zone = bare.indexOf('%');
        if (zone >= 0) {
            bare = bare.substring(0, zone);
        }
        if (bare.indexOf(':') < 0 && (bare.chars().filter(c -> c == '.').count() != 3
                || !bare.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9'))) {
            // IPv4 as four decimal parts only: the legacy forms ("10.1" for 10.0.0.1) would surprise.
            return Optional.empty();
        }
        try {
            // A literal only: never a name lookup. ::ffff:a.b.c.d comes back as the IPv4 address.
            return Optional.of(InetAddress.ofLiteral(bare).getAddress());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the address (as {@link #addressBytes} reads it) lies in this network; an IPv4 address never lies in an IPv6 one. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return Arrays.equals(masked(address, prefix), network);
    }

    /** Whether the address (a literal) lies in any of the networks; false for an unreadable address. */
    public static boolean anyContains(Iterable<Cidr> networks, String address) {
        Optional<byte[]> bytes = addressBytes(address);
        if (bytes.isEmpty()) {
            return false;
        }
        for (Cidr network : networks) {
            if (network.contains(bytes.get())) {
                return true;
            }
        }
        return false;
    }

    /** {@code 10.0.0.0/8}; IPv6 in the RFC 5952 form ({@code 2001:db8::/32}), so that equal networks read alike. */
    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }

    /** An address as {@link #addressBytes} reads it, in its canonical text (RFC 5952 for IPv6). */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups (the first of equals) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && prefix == cidr.prefix && Arrays.equals(network, cidr.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.clamp(prefix - i * 8L, 0, 8);
            result[i] = (byte) (result[i] & (0xff << (8 - keep)));
        }
        return result;
    }
}
