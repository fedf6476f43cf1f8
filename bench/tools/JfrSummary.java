import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went, by library: each execution sample is given to the first
 * frame outside the JDK (its "owner"), and also counted for every library on its stack (inclusive).
 * With the service's CPU per request of the same run, the owners' shares become milliseconds.
 *
 *   java bench/tools/JfrSummary.java recording.jfr [cpu-ms-per-request]
 */
public class JfrSummary {

    /** Package prefixes, most specific first; the first that matches names the library. */
    static final List<String[]> LIBRARIES = List.of(
            new String[] {"org.hibernate", "Hibernate Reactive and ORM"},
            new String[] {"com.fasterxml.jackson", "Jackson"},
            new String[] {"io.netty", "Netty"},
            new String[] {"io.vertx.pgclient", "reactive pg client (codec)"},
            new String[] {"io.vertx.sqlclient", "reactive SQL client"},
            new String[] {"io.vertx", "Vert.x core"},
            new String[] {"org.jboss.resteasy", "RESTEasy Reactive"},
            new String[] {"io.quarkus.arc", "ArC"},
            new String[] {"io.quarkus.security", "Quarkus security"},
            new String[] {"io.smallrye.jwt", "SmallRye JWT"},
            new String[] {"org.jose4j", "jose4j"},
            new String[] {"io.smallrye.context", "SmallRye context propagation"},
            new String[] {"io.smallrye.mutiny", "Mutiny"},
            new String[] {"io.micrometer", "Micrometer"},
            new String[] {"io.quarkus.micrometer", "Micrometer (Quarkus binders)"},
            new String[] {"com.github.benmanes.caffeine", "Caffeine"},
            new String[] {"io.quarkus.vertx.http", "Quarkus HTTP"},
            new String[] {"io.quarkus", "other Quarkus runtime"},
            new String[] {"org.jboss.logmanager", "logging"},
            new String[] {"org.jboss.logging", "logging"},
            new String[] {"dev.pat", "this service"});

    public static void main(String[] args) throws Exception {
        double cpuMs = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        Map<String, Integer> owner = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            String first = null;
            Set<String> onStack = new LinkedHashSet<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String library = library(frame.getMethod().getType().getName());
                if (library != null) {
                    onStack.add(library);
                    if (first == null) {
                        first = library;
                    }
                }
            }
            owner.merge(first == null ? "the JDK alone" : first, 1, Integer::sum);
            onStack.forEach(library -> inclusive.merge(library, 1, Integer::sum));
        }
        System.out.printf("%d execution samples%n%n| library (first frame outside the JDK) | share | on the stack |%s%n|---|---:|---:|%s%n",
                samples, cpuMs > 0 ? " ms per request |" : "", cpuMs > 0 ? "---:|" : "");
        int total = samples;
        owner.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).forEach(entry -> {
            double share = 100.0 * entry.getValue() / total;
            System.out.printf("| %s | %.1f %% | %.1f %% |%s%n", entry.getKey(), share,
                    100.0 * inclusive.getOrDefault(entry.getKey(), entry.getValue()) / total,
                    cpuMs > 0 ? String.format(" %.3f |", cpuMs * share / 100) : "");
        });
    }

    static String library(String type) {
        for (String[] library : LIBRARIES) {
            if (type.startsWith(library[0])) {
                return library[1];
            }
        }
        return null;
    }
}
