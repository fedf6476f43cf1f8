package dev.pat.notification.delivery;

/**
 * How one delivery attempt ended: delivered, failed for now (tried again later), or failed for good.
 *
 * @param responseCode the receiver's HTTP status, when it gave one (kept in the database; the API shows its class only)
 * @param error        why it failed, one of a few fixed codes; null when delivered
 */
record DeliveryOutcome(boolean delivered, boolean permanent, Integer responseCode, DeliveryError error) {

    static DeliveryOutcome delivered(Integer responseCode) {
        return new DeliveryOutcome(true, false, responseCode, null);
    }

    static DeliveryOutcome retry(DeliveryError error) {
        return new DeliveryOutcome(false, false, null, error);
    }

    static DeliveryOutcome givenUp(DeliveryError error) {
        return new DeliveryOutcome(false, true, null, error);
    }

    /** A 2xx is delivered; anything else is tried again. */
    static DeliveryOutcome ofStatus(int status) {
        return status >= 200 && status < 300 ? delivered(status) : new DeliveryOutcome(false, false, status, DeliveryError.HTTP_STATUS);
    }

    /** A webhook exchange that failed: a name or address not allowed is final, anything else is tried again. */
    static DeliveryOutcome ofWebhookFailure(Throwable failure) {
        DeliveryError error = DeliveryError.ofWebhookFailure(failure);
        return error == DeliveryError.ADDRESS_NOT_ALLOWED ? givenUp(error) : retry(error);
    }

    /** The code as the delivery's record keeps it. */
    String errorCode() {
        return error == null ? null : error.code();
    }
}
