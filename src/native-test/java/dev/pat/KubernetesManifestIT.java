package dev.pat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifests that ./mvnw package leaves in target/kubernetes/ are ready to apply: checked as a user would read them. */
class KubernetesManifestIT {

    private static final Path MANIFEST = Path.of("target/kubernetes/kubernetes.yml");

    @Test
    void theDeploymentRunsTwoProbedLimitedReplicasWithCredentialsFromSecrets() throws IOException {
        List<JsonNode> documents = documents();
        JsonNode deployment = kind(documents, "Deployment");
        assertNotNull(kind(documents, "Service"), "a Service");
        assertEquals(2, deployment.at("/spec/replicas").asInt());

        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
        // Health and metrics live on the management port, apart from the API.
        for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
            assertEquals(9000, container.at("/" + probe + "/httpGet/port").asInt(), probe + " on the management port");
        }
        JsonNode monitor = kind(documents, "ServiceMonitor");
        assertEquals(9000, monitor.at("/spec/endpoints/0/targetPort").asInt(), "Prometheus scrapes the management port");
        assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText());
        for (JsonNode port : kind(documents, "Service").at("/spec/ports")) {
            assertEquals(8080, port.path("targetPort").asInt(), "the Service exposes the API only");
        }
        for (String part : new String[] {"requests", "limits"}) {
            assertFalse(container.at("/resources/" + part + "/cpu").isMissingNode(), "cpu " + part);
            assertFalse(container.at("/resources/" + part + "/memory").isMissingNode(), "memory " + part);
        }

        JsonNode env = container.path("env");
        assertEquals("pat-service-db", secretOf(env, "QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertEquals("pat-service-db", secretOf(env, "QUARKUS_DATASOURCE_USERNAME"));
        assertEquals("pat-service-db", secretOf(env, "QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals("pat-service-config", configMapOf(env, "MP_JWT_VERIFY_ISSUER"));
        String keyPath = valueOf(env, "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        assertTrue(keyPath.startsWith(container.at("/volumeMounts/0/mountPath").asText()), "the key is read from the mount");
        assertEquals("pat-service-jwt", deployment.at("/spec/template/spec/volumes/0/secret/secretName").asText());

        for (JsonNode variable : env) {
            String name = variable.path("name").asText();
            if (name.contains("PASSWORD") || name.contains("URL") || name.contains("USERNAME")) {
                assertTrue(variable.path("value").isMissingNode(), name + " must not be inlined");
            }
        }
        assertTrue(deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean(), "non-root pods");
        assertTrue(documents.stream().noneMatch(d -> d.path("kind").asText().equals("Job")), "no migration Job");
        assertTrue(documents.stream().noneMatch(d -> d.path("kind").asText().equals("Secret")), "no Secret with values");
    }

    private static List<JsonNode> documents() throws IOException {
        assertTrue(Files.exists(MANIFEST), "run ./mvnw package first");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = yaml.getFactory().createParser(MANIFEST.toFile())) {
            yaml.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        return documents;
    }

    private static JsonNode kind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static JsonNode variable(JsonNode env, String name) {
        for (JsonNode variable : env) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no env " + name);
    }

    private static String secretOf(JsonNode env, String name) {
        return variable(env, name).at("/valueFrom/secretKeyRef/name").asText();
    }

    private static String configMapOf(JsonNode env, String name) {
        return variable(env, name).at("/valueFrom/configMapKeyRef/name").asText();
    }

    private static String valueOf(JsonNode env, String name) {
        return variable(env, name).path("value").asText();
    }
}
