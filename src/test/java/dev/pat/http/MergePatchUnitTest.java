package dev.pat.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pat.directory.api.AddressInput;
import dev.pat.directory.api.OrganizationInput;
import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import dev.pat.token.api.UpdatePersonalAccessToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON Merge Patch onto write records, with JSON types kept strict. */
class MergePatchUnitTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final UpdatePersonalAccessToken TOKEN = new UpdatePersonalAccessToken("ci", false, Instant.parse("2030-01-01T00:00:00Z"),
            List.of("personalAccessToken:read"));

    private final MergePatch mergePatch = new MergePatch(JSON);

    @Test
    void absentFieldsStayNullClearsArraysReplace() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        UpdatePersonalAccessToken patched = mergePatch.of(object("{\"expiresAt\": null, \"scopes\": []}"), UpdatePersonalAccessToken.class)
                .applyTo(TOKEN, errors);
        assertEquals(new UpdatePersonalAccessToken("ci", false, null, List.of()), patched);
        assertEquals(List.of(), errors);
    }

    @Test
    void nestedObjectsMerge() throws Exception {
        OrganizationInput current = new OrganizationInput("Acme", null, null, 5,
                new AddressInput("1 Street", null, "Springfield", null, "US", null), null);
        OrganizationInput patched = mergePatch.of(object("{\"address\": {\"city\": \"Shelbyville\"}}"),
                OrganizationInput.class).applyTo(current, new ArrayList<>());
        assertEquals(new AddressInput("1 Street", null, "Shelbyville", null, "US", null), patched.address());
        assertEquals("Acme", patched.name());
    }

    @Test
    void aValueOfTheWrongJsonTypeIsReportedAndKeepsTheCurrentValue() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        UpdatePersonalAccessToken patched = mergePatch.of(object("{\"name\": 42, \"revoked\": \"true\", \"expiresAt\": 1e300,"
                + " \"scopes\": \"x\"}"),
                UpdatePersonalAccessToken.class).applyTo(TOKEN, errors);
        assertEquals(TOKEN, patched);
        assertEquals(List.of("name", "revoked", "expiresAt", "scopes"), errors.stream().map(FieldError::field).toList());
    }

    @Test
    void aFieldTheRecordDoesNotHaveIsRefusedAtOnce() throws Exception {
        ServiceException refused = assertThrows(ServiceException.class,
                () -> mergePatch.of(object("{\"name\": \"x\", \"owner\": \"someone\"}"), UpdatePersonalAccessToken.class)
                        .applyTo(TOKEN, new ArrayList<>()));
        assertEquals(List.of("owner"), refused.errors().stream().map(FieldError::field).toList());
        // A field the API shows read-only (userId) is accepted when sent back, and ignored.
        assertEquals(TOKEN, mergePatch.of(object("{\"userId\": \"someone\", \"lastUsedAt\": null}"), UpdatePersonalAccessToken.class)
                .applyTo(TOKEN, new ArrayList<>()));
        assertThrows(ServiceException.class, () -> mergePatch.of(null, UpdatePersonalAccessToken.class));
    }

    private static ObjectNode object(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }
}
