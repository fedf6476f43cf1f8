package dev.pat.notification.delivery;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * Why an attempt failed, as the delivery's record keeps it and a webhook's owner sees it: one of a
 * few fixed codes, never an exception's text or the receiver's answer. Coarse on purpose: a text
 * that told "no route" from "reset" from "TLS alert" from "port closed" would make the delivery
 * list a scanner of whatever the service can reach.
 */
public enum DeliveryError {

    /** The attempt as a whole (lookup, connect, answer, body) took longer than its bound. */
    TIMEOUT("timeout"),
    CONNECTION_REFUSED("connection_refused"),
    /** Any other failure of the connection or the exchange: reset, TLS, a broken answer. */
    CONNECTION_FAILED("connection_failed"),
    /** The receiver answered with a status other than 2xx. */
    HTTP_STATUS("http_status"),
    /** The URL's name, or an address it resolves to, is not a public one: never tried again. */
    ADDRESS_NOT_ALLOWED("address_not_allowed"),
    DNS_FAILURE("dns_failure"),
    WEBHOOK_INACTIVE("webhook_inactive"),
    /** The recipient's address had its share of mail for the period: this one is not sent. */
    RATE_LIMITED("rate_limited"),
    MAIL_FAILED("mail_failed"),
    UNREADABLE_EVENT("unreadable_event");

    private final String code;

    DeliveryError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The code of a failed webhook exchange, from its exception or one in its causes. */
    static DeliveryError ofWebhookFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebhookAddresses.NotAllowed) {
                return ADDRESS_NOT_ALLOWED;
            }
            if (cause instanceof UnknownHostException) {
                return DNS_FAILURE;
            }
            if (isTimeout(cause)) {
                return TIMEOUT;
            }
            if (cause instanceof ConnectException && cause.getMessage() != null && cause.getMessage().contains("refused")) {
                return CONNECTION_REFUSED;
            }
        }
        return CONNECTION_FAILED;
    }

    /** Whether the failure is a timeout of the attempt, of the connect, or of the mail client. */
    static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // By name: the JDK's, Mutiny's, Netty's ConnectTimeoutException and Vert.x' NoStackTraceTimeoutException share no type.
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
