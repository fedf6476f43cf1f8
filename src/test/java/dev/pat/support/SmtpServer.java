package dev.pat.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real SMTP server (GreenMail) for the service under test, on a port the kernel chose; the service's mailer points at it. */
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
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(mail.getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.from", "pat-service@test.pat");
    }

    @Override
    public void stop() {
        if (mail != null) {
            mail.stop();
        }
    }
}
