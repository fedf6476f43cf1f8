package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.DirectoryApi;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows written outside the API, with NULLs and repeats in their arrays, are read without a 500. */
@QuarkusTest
class StoredArraysTest {

    @Inject
    Fixtures fixtures;

    @Test
    void aTokenWhoseScopesHoldANullAndARepeatIsShownAndUsable() {
        String jwt = fixtures.owner().jwt();
        TokenApi.Issued token = TokenApi.issue(jwt, "odd scopes", READ);
        fixtures.update("update personal_access_token set scopes = array['" + READ + "', null, '" + READ + "']::varchar[]"
                + " where id = ?::uuid", token.id());

        Response shown = TokenApi.get(jwt, token.id());
        assertEquals(200, shown.statusCode(), shown::asString);
        assertEquals(List.of(READ), shown.jsonPath().getList("scopes", String.class));

        Response self = TokenApi.self(token.secret());
        assertEquals(200, self.statusCode(), self::asString);
        assertEquals(200, TokenApi.list(token.secret()).statusCode(), "the secret still holds its one scope");
    }

    @Test
    void aUserWhoseTagsRolesAndPermissionsHoldNullsAndRepeatsIsShown() {
        Owner admin = fixtures.administrator();
        fixtures.update("update app_user set tags = array['vip', null, 'vip']::varchar[],"
                + " roles = array['admin', 'admin']::varchar[] where id = ?", admin.userId());
        fixtures.update("update user_metadata set view_permissions = array[null, 'user']::varchar[] where user_id = ?", admin.userId());

        Response shown = DirectoryApi.get(admin.jwt(), "/v3/users/" + admin.userId());
        assertEquals(200, shown.statusCode(), shown::asString);
        assertEquals(List.of("vip"), shown.jsonPath().getList("tags", String.class));
        assertEquals(List.of("admin"), shown.jsonPath().getList("roles", String.class));
        assertEquals(List.of("user"), shown.jsonPath().getList("metadata[0].viewPermissions", String.class));
    }
}
