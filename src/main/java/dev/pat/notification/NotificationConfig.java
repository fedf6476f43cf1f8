package dev.pat.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The outbox worker, the expiry scan and e-mail ({@code pat.notifications.*}, environment {@code PAT_NOTIFICATIONS_*}). */
@ConfigMapping(prefix = "pat.notifications")
public interface NotificationConfig {

    /** Run the delivery worker and the expiry scan on this instance; events are written to the outbox either way. */
    @WithDefault("true")
    boolean workerEnabled();

    /** How often the expiry scan runs; read by the scheduler too. */
    @WithDefault("PT1H")
    Duration expiryScanInterval();

    /** How often the worker looks for due deliveries (it also looks right after a change of this instance). */
    @WithDefault("PT1S")
    Duration deliveryPollInterval();

    /**
     * How many attempts an instance has under way at once, and so how many deliveries one look
     * claims at most.
     */
    @WithDefault("20")
    int batchSize();

    /**
     * How many of one account's due deliveries one look claims at most: a look takes each account's
     * oldest first, then each one's second, and so on, so an account with a backlog never fills a
     * look while another account's delivery waits.
     */
    @WithDefault("5")
    int batchPerAccount();

    /** The wait before the second attempt; each further wait doubles, up to retryMaxDelay. */
    @WithDefault("PT30S")
    Duration retryFirstDelay();

    @WithDefault("PT2H")
    Duration retryMaxDelay();

    /** After this long of failed attempts a delivery is marked failed. */
    @WithDefault("P1D")
    Duration retryFor();

    /** How long events and their deliveries are kept once none is pending. */
    @WithDefault("P30D")
    Duration retention();

    Email email();

    /** SMTP for reminders and notices to token owners (Vert.x' mail client). */
    interface Email {
        @WithDefault("false")
        boolean enabled();

        @WithDefault("localhost")
        String host();

        @WithDefault("25")
        int port();

        /** The sender address. */
        @WithDefault("pat-service@localhost")
        String from();

        Optional<String> username();

        Optional<String> password();

        /** STARTTLS: DISABLED, OPTIONAL (use it when offered) or REQUIRED. */
        @WithDefault("OPTIONAL")
        String startTls();

        /** Connect with TLS from the start (SMTPS, usually port 465). */
        @WithDefault("false")
        boolean ssl();

        /** The bound of one mail's sending as a whole (connect, TLS, login, message); beyond it the mail is tried again. */
        @WithDefault("PT10S")
        Duration timeout();

        /**
         * Mails one address receives at most per {@link #recipientPeriod()}, counted across every
         * instance; the ones beyond are not sent and their delivery ends {@code failed} with
         * {@code rate_limited}. Addresses are not verified, so this is what an administrator who
         * points a user's address at someone else and rotates in a loop can send them.
         */
        @WithDefault("20")
        int maxPerRecipient();

        @WithDefault("PT1H")
        Duration recipientPeriod();
    }
}
