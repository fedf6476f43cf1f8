package dev.pat.platform.database.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One URL configured, the other derived: the reactive and JDBC forms of the same database. */
class DatasourceUrlsUnitTest {

    @ParameterizedTest
    @CsvSource({
            "postgresql://db:5432/pat,                       jdbc:postgresql://db:5432/pat",
            "postgres://db/pat?sslmode=require,              jdbc:postgresql://db/pat?sslmode=require",
            "vertx-reactive:postgresql://db:5432/pat,        jdbc:postgresql://db:5432/pat",
            "postgresql://user:secret@db:5432/pat,           jdbc:postgresql://db:5432/pat",
            "postgresql://db:5432/pat?options=a@b,           jdbc:postgresql://db:5432/pat?options=a@b"})
    void jdbcFromReactiveDropsCredentials(String reactive, String jdbc) {
        assertEquals(jdbc, DatasourceUrls.jdbcFromReactive(reactive));
    }

    @ParameterizedTest
    @CsvSource({
            "jdbc:postgresql://db:5432/pat,    postgresql://db:5432/pat",
            "postgresql://db/pat,              postgresql://db/pat"})
    void reactiveFromJdbc(String jdbc, String reactive) {
        assertEquals(reactive, DatasourceUrls.reactiveFromJdbc(jdbc));
    }
}
