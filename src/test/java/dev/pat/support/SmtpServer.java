package dev.pat.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real SMTP server (GreenMail) for the service under test, on a port the kernel chose; the service's mail settings point at it. */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail mail;

    public static GreenMail mail() {
        return mail;
    }

    @Override
    public Map<String, String> start() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return Map.of(
                "pat.notifications.email.host", "127.0.0.1",
                "pat.notifications.email.port", Integer.toString(mail.getSmtp().getPort()),
                "pat.notifications.email.start-tls", "DISABLED",
                "pat.notifications.email.from", "pat-service@test.pat");
    }

    @Override
    public void stop() {
        if (mail != null) {
            mail.stop();
        }
    }
}
