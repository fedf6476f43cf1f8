package dev.pat.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.listing.ListQuery.Operator;
import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The list query string, read into a typed query or refused with every problem named. */
class ListParametersUnitTest {

    private static final ListSpec SPEC = ListSpec.builder()
            .text("name").bool("revoked").times("createdAt").id("userId", "user.id").sortable("createdAt", "name")
            .build();

    @Test
    void defaults() {
        ListQuery query = ListParameters.parse(Map.of(), SPEC);
        assertEquals(1, query.page());
        assertEquals(25, query.limit());
        assertEquals(0, query.offset());
        assertEquals(SPEC.fields().get("createdAt"), query.sort());
        assertFalse(query.descending());
        assertTrue(query.filters().isEmpty());
    }

    @Test
    void pageLimitSortAndTypedFilters() {
        UUID user = UUID.randomUUID();
        ListQuery query = ListParameters.parse(parameters("page", "3", "limit", "10", "sort", "-name", "name[cn]", "ci",
                "revoked", "false", "createdAt[gte]", "2024-01-01T00:00:00Z", "userId", user.toString()), SPEC);
        assertEquals(20, query.offset());
        assertEquals(SPEC.fields().get("name"), query.sort());
        assertTrue(query.descending());
        assertEquals(List.of(
                new ListQuery.Filter("name[cn]", SPEC.fields().get("name"), Operator.CN, "ci"),
                new ListQuery.Filter("revoked", SPEC.fields().get("revoked"), Operator.EQ, false),
                new ListQuery.Filter("createdAt[gte]", SPEC.fields().get("createdAt"), Operator.GTE,
                        Instant.parse("2024-01-01T00:00:00Z")),
                new ListQuery.Filter("userId", SPEC.fields().get("userId"), Operator.EQ, user)), query.filters());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "page           | 0                    | page",
            "limit          | 101                  | limit",
            "limit          | ten                  | limit",
            "sort           | secretDigest         | sort",
            "password       | x                    | password",
            "name[gt]       | x                    | name[gt]",
            "name[xx]       | x                    | name[xx]",
            "createdAt      | 2024-01-01T00:00:00Z | createdAt",
            "createdAt[gt]  | yesterday            | createdAt[gt]",
            "createdAt[gt]  | +10000-01-01T00:00:00Z | createdAt[gt]",
            "revoked        | yes                  | revoked",
            "revoked[ne]    | true                 | revoked[ne]",
            "userId         | not-a-uuid           | userId",
            "userId[ne]     | 00000000-0000-0000-0000-000000000000 | userId[ne]"})
    void aBadParameterIsA400NamingIt(String name, String value, String field) {
        ServiceException refused = assertThrows(ServiceException.class, () -> ListParameters.parse(parameters(name, value), SPEC));
        assertEquals(ServiceException.Kind.INVALID, refused.kind());
        assertEquals(List.of(field), refused.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        Map<String, List<String>> parameters = new LinkedHashMap<>(parameters("limit", "0", "foo", "1"));
        parameters.put("name", List.of("a", "b"));
        ServiceException refused = assertThrows(ServiceException.class, () -> ListParameters.parse(parameters, SPEC));
        assertEquals(Set.of("limit", "foo", "name"), Set.copyOf(refused.errors().stream().map(FieldError::field).toList()));
    }

    @Test
    void controlCharactersAndLongValuesAreRefused() {
        assertThrows(ServiceException.class, () -> ListParameters.parse(parameters("name", "a\u0000b"), SPEC));
        assertThrows(ServiceException.class, () -> ListParameters.parse(parameters("name", "x".repeat(201)), SPEC));
    }

    private static Map<String, List<String>> parameters(String... pairs) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.put(pairs[i], List.of(pairs[i + 1]));
        }
        return parameters;
    }
}
