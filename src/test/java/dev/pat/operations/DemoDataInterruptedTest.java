package dev.pat.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo dataset is loaded in one transaction: interrupted at its last row (a trigger of a
 * test-only migration fails that insert), it leaves nothing behind, and the service starts anyway.
 * It runs on a database of its own, since the demo loads only into an empty one.
 */
@QuarkusTest
@TestProfile(DemoDataInterruptedTest.InterruptedDemo.class)
class DemoDataInterruptedTest {

    public static class InterruptedDemo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pat.embedded-postgres.data-dir", "target/test-postgres-demo",
                    "pat.demo.enabled", "true",
                    "quarkus.flyway.locations", "db/migration,db/demo-interruption");
        }
    }

    @Inject
    Fixtures fixtures;

    @Test
    void anInterruptedLoadLeavesNothing() throws Exception {
        assertEquals(0, fixtures.count("select count(*) from reseller"));
        assertEquals(0, fixtures.count("select count(*) from organization"));
        assertEquals(0, fixtures.count("select count(*) from app_user"));
        assertEquals(0, fixtures.count("select count(*) from user_metadata"));
        assertEquals(0, fixtures.count("select count(*) from personal_access_token"));
        String log = Files.readString(Path.of("target/test-service.log.json"));
        assertTrue(log.contains("Demo dataset not loaded") && log.contains("demo load interrupted by the test"),
                "the failed load is logged with its reason");
    }

    @Test
    void theServiceAnswersAfterwards() {
        dev.pat.support.Management.given().get("/q/health/ready").then().statusCode(200);
    }
}
