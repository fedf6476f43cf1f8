package dev.pat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CIDR strings as the allowed networks of a token store and match them. */
class CidrUnitTest {

    @ParameterizedTest
    @CsvSource({
            "10.1.2.3/8, 10.0.0.0/8",
            "10.1.2.3, 10.1.2.3/32",
            "0.0.0.0/0, 0.0.0.0/0",
            "192.168.7.255/23, 192.168.6.0/23",
            "::1, ::1/128",
            "2001:DB8:0:0:1::7/64, 2001:db8::/64",
            "2001:db8:1:2:3:4:5:6/128, 2001:db8:1:2:3:4:5:6/128",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1/128",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1/128",
            "::/0, ::/0",
            "' 203.0.113.9/24 ', 203.0.113.0/24"})
    void networksAreNormalised(String given, String normalised) {
        assertEquals(normalised, Cidr.parse(given).orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0/8", "example.com",
            "localhost", "10.0.0.0/8/8", "[::1]/128", "fe80::1%eth0/64", "10.0.0.0/ 8", "10.0.0.256", "1.2.3.4/0008"})
    void whatNamesNoNetworkIsRefused(String given) {
        assertEquals(Optional.empty(), Cidr.parse(given), given);
    }

    @org.junit.jupiter.api.Test
    void addressesMatchTheirNetworksOnly() {
        List<Cidr> networks = List.of(Cidr.parse("10.0.0.0/8").orElseThrow(), Cidr.parse("2001:db8::/32").orElseThrow());
        assertTrue(Cidr.anyContains(networks, "10.255.1.2"));
        assertFalse(Cidr.anyContains(networks, "11.0.0.1"));
        assertTrue(Cidr.anyContains(networks, "2001:db8:ffff::1"));
        assertTrue(Cidr.anyContains(networks, "[2001:db8::1]"), "the bracketed form Vert.x may give");
        assertFalse(Cidr.anyContains(networks, "2001:db9::1"));
        assertTrue(Cidr.anyContains(networks, "::ffff:10.1.1.1"), "an IPv4-mapped IPv6 address is its IPv4 address");
        assertFalse(Cidr.anyContains(networks, "not-an-address"));
        assertFalse(Cidr.anyContains(networks, ""));
        assertTrue(Cidr.anyContains(List.of(Cidr.parse("127.0.0.1").orElseThrow()), "127.0.0.1"));
        assertFalse(Cidr.anyContains(List.of(Cidr.parse("127.0.0.1").orElseThrow()), "127.0.0.2"));
    }
}
