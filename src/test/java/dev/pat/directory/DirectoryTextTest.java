package dev.pat.directory;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Directory text holds no control character (PostgreSQL refuses a NUL): a 400 naming the field, never a 500. */
@QuarkusTest
class DirectoryTextTest {

    @Inject
    Fixtures fixtures;

    @Test
    void aNulInAUsersTextIsA400NamingTheField() {
        String jwt = admin();
        TokenApi.assertValidation(post(jwt, "/v3/users",
                "{\"firstName\":\"\\u0000\",\"email\":\"nul@example.test\",\"role\":\"user\",\"tags\":[\"ok\",\"b\\u0007d\"]}"),
                "firstName", "tags[1]");
        assertEquals(0, fixtures.count("select count(*) from app_user where email = 'nul@example.test'"));
    }

    @Test
    void nestedTextIsCheckedByItsPath() {
        TokenApi.assertValidation(post(admin(), "/v3/users",
                "{\"email\":\"meta@example.test\",\"role\":\"user\",\"metadata\":[{\"key\":\"a\\u0000\",\"value\":\"v\"}]}"),
                "metadata[0].key");
    }

    @Test
    void descriptionsAndMetadataValuesMayHoldLineBreaksButNoOtherControlCharacter() {
        String jwt = admin();
        post(jwt, "/v3/resellers", "{\"name\":\"Lines\",\"email\":\"lines@example.test\",\"description\":\"one\\ntwo\\tthree\"}")
                .then().statusCode(201);
        post(jwt, "/v3/users", "{\"email\":\"lines@example.test\",\"role\":\"user\",\"metadata\":[{\"key\":\"k\",\"value\":\"a\\r\\nb\"}]}")
                .then().statusCode(201);
        TokenApi.assertValidation(post(jwt, "/v3/organizations",
                "{\"name\":\"Nul\",\"email\":\"nul@example.test\",\"description\":\"bad\\u0000\"}"), "description");
        TokenApi.assertValidation(post(jwt, "/v3/resellers", "{\"name\":\"two\\nlines\",\"email\":\"r@example.test\"}"), "name");
    }

    private String admin() {
        UUID account = UUID.randomUUID();
        return Jwts.admin(account, fixtures.user(account, null, null, "admin"));
    }

    private static io.restassured.response.Response post(String jwt, String path, String body) {
        return given().auth().oauth2(jwt).contentType(ContentType.JSON).body(body).post(path);
    }
}
