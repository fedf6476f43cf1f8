package dev.pat.notification.delivery;

/**
 * How one delivery attempt ended: delivered, failed for now (tried again later), or failed for good.
 *
 * @param responseCode the receiver's HTTP status, when it gave one
 * @param error        a short reason for the delivery's record: never a stack trace, never the receiver's answer
 */
record DeliveryOutcome(boolean delivered, boolean permanent, Integer responseCode, String error) {

    static DeliveryOutcome delivered(Integer responseCode) {
        return new DeliveryOutcome(true, false, responseCode, null);
    }

    static DeliveryOutcome retry(Integer responseCode, String error) {
        return new DeliveryOutcome(false, false, responseCode, error);
    }

    static DeliveryOutcome givenUp(String error) {
        return new DeliveryOutcome(false, true, null, error);
    }

    /** A 2xx is delivered; anything else is tried again. */
    static DeliveryOutcome ofStatus(int status) {
        return status >= 200 && status < 300 ? delivered(status) : retry(status, "the receiver answered " + status);
    }
}
