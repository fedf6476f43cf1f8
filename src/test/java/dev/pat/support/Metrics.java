package dev.pat.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.RestAssured;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service's Prometheus metrics as numbers: every series of /q/metrics on the management port,
 * keyed by its text as exposed ({@code name{label="value",...}}), so that a test reads a counter
 * before and after what it does and asserts by how much it moved.
 */
public final class Metrics {

    private Metrics() {
    }

    /** Every series of the service under test. */
    public static Map<String, Double> scrape() {
        return scrape(Management.port());
    }

    /** Every series of the instance whose management interface listens on the port. */
    public static Map<String, Double> scrape(int managementPort) {
        String text = RestAssured.given().port(managementPort).get("/q/metrics").then().statusCode(200).extract().asString();
        return parse(text);
    }

    /** The series of a /q/metrics text. */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
        }
        return series;
    }

    /**
     * The sum of the series of that name whose labels include every given {@code label="value"}
     * pair (e.g. {@code "event=\"created\""}); fails when there is none, so that a renamed series
     * cannot pass for a counter that did not move.
     */
    public static double value(Map<String, Double> scrape, String name, String... labels) {
        Double sum = sum(scrape, name, labels);
        if (sum == null) {
            fail("No series " + name + " with " + Arrays.toString(labels) + " in the metrics");
        }
        return sum;
    }

    /**
     * How far the series moved from one scrape to the next. A series that appears only in the
     * second (a timer's first request of its kind) moved from zero; one missing from the second fails.
     */
    public static double delta(Map<String, Double> before, Map<String, Double> after, String name, String... labels) {
        Double then = sum(before, name, labels);
        return value(after, name, labels) - (then == null ? 0 : then);
    }

    private static Double sum(Map<String, Double> scrape, String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (Map.Entry<String, Double> entry : scrape.entrySet()) {
            String key = entry.getKey();
            int brace = key.indexOf('{');
            String seriesName = brace < 0 ? key : key.substring(0, brace);
            if (!seriesName.equals(name)) {
                continue;
            }
            String labelText = brace < 0 ? "" : key.substring(brace);
            if (Arrays.stream(labels).allMatch(label -> labelText.contains("{" + label + ",") || labelText.contains("," + label + ",")
                    || labelText.contains("{" + label + "}") || labelText.contains("," + label + "}"))) {
                sum += entry.getValue();
                found = true;
            }
        }
        return found ? sum : null;
    }
}
