package dev.pat.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.TokenApi;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A change notice empties every instance's memory of the token's secret, so only a change that can
 * refuse the secret sends one: a PATCH that changes nothing, or only the name, sends none.
 */
@QuarkusTest
class TokenChangeNoticeTest {

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void onlyAChangeThatCanRefuseTheSecretIsAnnounced() throws Exception {
        UUID account = UUID.randomUUID();
        String jwt = Jwts.user(account, fixtures.user(account, null, null, "user"));
        TokenApi.Issued token = TokenApi.issue(jwt, "announced", TokenApi.READ, TokenApi.WRITE);
        try (Connection listening = dataSource.getConnection()) {
            listening.setAutoCommit(true);
            try (Statement statement = listening.createStatement()) {
                statement.execute("LISTEN pat_token_changes");
            }
            PGConnection notices = listening.unwrap(PGConnection.class);

            TokenApi.patch(jwt, token.id(), Map.of()).then().statusCode(200);
            TokenApi.patch(jwt, token.id(), Map.of("name", "announced")).then().statusCode(200);
            TokenApi.patch(jwt, token.id(), Map.of("name", "renamed")).then().statusCode(200);
            assertEquals(List.of(), about(token.id(), notices.getNotifications(1000)), "nothing that can refuse the secret changed");

            // Control: narrower scopes can refuse the secret, and the change is heard.
            TokenApi.patch(jwt, token.id(), Map.of("scopes", List.of(TokenApi.READ))).then().statusCode(200);
            assertEquals(List.of("token:" + token.id()), about(token.id(), notices.getNotifications(10_000)));
        }
    }

    private static List<String> about(String tokenId, PGNotification[] received) {
        List<String> payloads = new ArrayList<>();
        for (PGNotification notice : received == null ? new PGNotification[0] : received) {
            if (notice.getParameter().contains(tokenId)) {
                payloads.add(notice.getParameter());
            }
        }
        return payloads;
    }
}
