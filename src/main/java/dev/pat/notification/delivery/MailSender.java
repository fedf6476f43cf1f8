package dev.pat.notification.delivery;

import dev.pat.notification.NotificationConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Sends plain-text mail over SMTP with Vert.x' mail client (what Quarkus Mailer wraps), set from
 * {@code pat.notifications.email.*}. The client is made at the first mail, so an instance with
 * e-mail off never opens a connection.
 */
@Singleton
public class MailSender {

    private final Vertx vertx;
    private final NotificationConfig.Email settings;
    private volatile MailClient client;

    public MailSender(Vertx vertx, NotificationConfig config) {
        this.vertx = vertx;
        this.settings = config.email();
    }

    public Uni<Void> send(String to, String subject, String text) {
        MailMessage message = new MailMessage().setFrom(settings.from()).setTo(to).setSubject(subject).setText(text);
        return client().sendMail(message).replaceWithVoid();
    }

    void stop(@Observes ShutdownEvent event) {
        MailClient current = client;
        if (current != null) {
            current.closeAndForget();
        }
    }

    private MailClient client() {
        MailClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
                    MailConfig config = new MailConfig()
                            .setHostname(settings.host())
                            // A server that stops answering frees its connection: the attempt itself is bounded by OwnerMail.
                            .setConnectTimeout(timeoutMillis)
                            .setIdleTimeout(timeoutMillis)
                            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                            .setPort(settings.port())
                            .setSsl(settings.ssl())
                            .setStarttls(StartTLSOptions.valueOf(settings.startTls().toUpperCase(Locale.ROOT)));
                    settings.username().ifPresentOrElse(username -> config.setUsername(username).setLogin(LoginOption.REQUIRED),
                            () -> config.setLogin(LoginOption.DISABLED));
                    settings.password().ifPresent(config::setPassword);
                    client = MailClient.create(vertx, config);
                }
                current = client;
            }
        }
        return current;
    }
}
