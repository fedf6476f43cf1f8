package dev.pat.http.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pat.platform.ApiTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ApiTimeSerializer} writes exactly what Jackson's own java.time serializer writes, for any instant. */
class ApiTimeSerializerUnitTest {

    private static final long EARLIEST = ApiTime.EARLIEST.getEpochSecond();
    private static final long LATEST = ApiTime.LATEST.getEpochSecond();

    private final ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ObjectMapper api = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addSerializer(Instant.class, ApiTimeSerializer.INSTANCE))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void writesWhatJacksonWrites() throws JsonProcessingException {
        for (Instant instant : instants()) {
            assertEquals(jackson.writeValueAsString(Map.of("at", instant)), api.writeValueAsString(Map.of("at", instant)),
                    instant.getEpochSecond() + "s " + instant.getNano() + "ns");
        }
    }

    @Test
    void writesNumbersWhenTheMapperAsksForThem() throws JsonProcessingException {
        for (Instant instant : instants().subList(0, 2000)) {
            assertEquals(jackson.writer().with(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(instant),
                    api.writer().with(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(instant));
        }
    }

    @Test
    void writesTheSeedsFormat() throws JsonProcessingException {
        assertSame(ApiTimeSerializer.INSTANCE, api.getSerializerProviderInstance().findValueSerializer(Instant.class));
        assertEquals("\"2019-08-24T14:15:22Z\"", api.writeValueAsString(Instant.parse("2019-08-24T14:15:22Z")));
        assertEquals("\"0001-01-01T00:00:00Z\"", api.writeValueAsString(ApiTime.EARLIEST));
        assertEquals("\"9999-12-31T23:59:59Z\"", api.writeValueAsString(ApiTime.LATEST));
    }

    /**
     * The edges, then draws from a fixed seed: mostly whole seconds in the API's years (what
     * {@link ApiTime} makes), also fractions of a second and instants beyond those years.
     */
    private static List<Instant> instants() {
        List<Instant> instants = new ArrayList<>();
        for (long second : new long[] {EARLIEST, EARLIEST - 1, LATEST, LATEST + 1, 0, -1, 1, 951_782_400L /* 2000-02-29 */,
                Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()}) {
            instants.add(Instant.ofEpochSecond(second));
            instants.add(Instant.ofEpochSecond(second, 1_000_000));
        }
        SplittableRandom random = new SplittableRandom(20261202L);
        for (int i = 0; i < 20_000; i++) {
            int kind = random.nextInt(10);
            if (kind < 8) {
                instants.add(Instant.ofEpochSecond(random.nextLong(EARLIEST, LATEST + 1)));
            } else if (kind == 8) {
                instants.add(Instant.ofEpochSecond(random.nextLong(EARLIEST, LATEST + 1), random.nextInt(1, 1_000_000_000)));
            } else {
                instants.add(random.nextBoolean()
                        ? Instant.ofEpochSecond(random.nextLong(Instant.MIN.getEpochSecond(), EARLIEST))
                        : Instant.ofEpochSecond(random.nextLong(LATEST + 1, Instant.MAX.getEpochSecond() + 1)));
            }
        }
        return instants;
    }
}
