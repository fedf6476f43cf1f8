package dev.pat.notification.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.platform.FieldError;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAddressesUnitTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.1.1",
            "198.18.0.1", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd12:3456::1", "::ffff:127.0.0.1", "::",
            // IPv4 inside IPv6: NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48), 6to4 (2002::/16),
            // IPv4-compatible (::/96), Teredo (2001::/32); and outside global unicast (2000::/3) altogether
            "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1", "2002:7f00:1::1", "2002:a9fe:a9fe::", "::7f00:1", "::a00:1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", "100::1", "2001:db8::1", "4000::1"})
    void privateAndSpecialAddressesAreNotPublic(String literal) throws Exception {
        assertFalse(WebhookAddresses.isPublic(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "100.128.0.1", "172.32.0.1", "2606:4700::1111"})
    void publicAddressesArePublic(String literal) throws Exception {
        assertTrue(WebhookAddresses.isPublic(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/pat", "http://93.184.215.14:8080/x?y=1", "https://[2606:4700::1111]/hook"})
    void aPublicHttpUrlIsAccepted(String url) {
        List<FieldError> errors = new ArrayList<>();
        WebhookAddresses.check(url, false, errors);
        assertEquals(List.of(), errors);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/x", "http://LOCALHOST./x", "http://app.localhost/x", "http://db.internal/x",
            "http://printer.local/x", "http://[::1]/x", "http://2130706433/x", "https://u:p@hooks.example.com/x", "file:///etc/passwd",
            "https://hooks.example.com/x#frag", "//hooks.example.com/x",
            "http://redis/x", "http://redis.:6379/x", "http://payments.default.svc/x", "http://payments.default.svc.cluster.local/x",
            "http://router.home.arpa/x", "http://[64:ff9b::a9fe:a9fe]/x", "http://[2002:a9fe:a9fe::]/x", "http://[::a00:1]/x"})
    void aLocalOrMalformedUrlIsRefused(String url) {
        List<FieldError> errors = new ArrayList<>();
        WebhookAddresses.check(url, false, errors);
        assertEquals(1, errors.size(), url);
        assertEquals("url", errors.get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/x", "http://127.0.0.1/x"})
    void privateAddressesAreAcceptedWhenAllowed(String url) {
        List<FieldError> errors = new ArrayList<>();
        WebhookAddresses.check(url, true, errors);
        assertEquals(List.of(), errors);
    }
}
