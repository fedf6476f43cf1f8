package dev.pat.notification.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What a failed exchange is recorded as: a few codes, whatever the exception said. */
class DeliveryErrorUnitTest {

    @Test
    void failuresAreRecordedAsAFewCodes() {
        assertEquals(DeliveryError.TIMEOUT, DeliveryError.ofWebhookFailure(new io.smallrye.mutiny.TimeoutException()));
        assertEquals(DeliveryError.TIMEOUT, DeliveryError.ofWebhookFailure(new IOException(new java.util.concurrent.TimeoutException())));
        assertEquals(DeliveryError.CONNECTION_REFUSED,
                DeliveryError.ofWebhookFailure(new ConnectException("Connection refused: /10.0.0.7:6379")));
        assertEquals(DeliveryError.CONNECTION_FAILED, DeliveryError.ofWebhookFailure(new NoRouteToHostException("No route to host")));
        assertEquals(DeliveryError.CONNECTION_FAILED, DeliveryError.ofWebhookFailure(new SSLHandshakeException("PKIX path building failed")));
        assertEquals(DeliveryError.CONNECTION_FAILED, DeliveryError.ofWebhookFailure(new IllegalStateException("Connection was closed")));
        assertEquals(DeliveryError.DNS_FAILURE, DeliveryError.ofWebhookFailure(new UnknownHostException("hooks.example.com")));
        assertEquals(DeliveryError.ADDRESS_NOT_ALLOWED, DeliveryError.ofWebhookFailure(new WebhookAddresses.NotAllowed()));
    }

    @Test
    void onlyAnAddressNotAllowedIsFinal() {
        assertEquals(true, DeliveryOutcome.ofWebhookFailure(new WebhookAddresses.NotAllowed()).permanent());
        assertEquals(false, DeliveryOutcome.ofWebhookFailure(new UnknownHostException("x")).permanent());
        assertEquals("http_status", DeliveryOutcome.ofStatus(503).errorCode());
        assertEquals(503, DeliveryOutcome.ofStatus(503).responseCode());
        assertEquals(null, DeliveryOutcome.ofStatus(204).errorCode());
    }
}
