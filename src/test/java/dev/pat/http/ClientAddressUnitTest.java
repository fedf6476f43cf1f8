package dev.pat.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientAddressUnitTest {

    @Test
    void anIpv4AddressIsItsOwnKey() {
        assertEquals("203.0.113.7", ClientAddress.key("203.0.113.7"));
    }

    @Test
    void everyAddressOfOneIpv6Slash64SharesOneKey() {
        assertEquals("2001:db8:1:2::/64", ClientAddress.key("2001:db8:1:2:a:b:c:d"));
        assertEquals("2001:db8:1:2::/64", ClientAddress.key("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"));
        assertEquals("2001:db8:1:2::/64", ClientAddress.key("[2001:db8:1:2::1]"));
        assertEquals("fe80:0:0:0::/64", ClientAddress.key("fe80::1%eth0"));
    }

    @Test
    void theNextSlash64IsAnotherClient() {
        assertEquals("2001:db8:1:3::/64", ClientAddress.key("2001:db8:1:3::1"));
    }

    @Test
    void anIpv4MappedAddressCountsAsItsIpv4Address() {
        assertEquals("203.0.113.7", ClientAddress.key("::ffff:203.0.113.7"));
    }
}
