package io.mahaksync.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mahaksync.simulator.MahakSimulator;
import io.mahaksync.simulator.fault.FaultKind;
import io.mahaksync.targetdb.TargetDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every metric the README documents and the Grafana dashboard draws is really served by /q/metrics,
 * with the documented tags, after a pull (with one retried Mahak call) and a push whose records end
 * sent, rejected and in conflict; and every mahak_* metric served is documented.
 */
@QuarkusTest
@TestProfile(OpsMetricsServedTest.Profile.class)
class OpsMetricsServedTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.target.jdbc-url", "jdbc:h2:mem:ops-metrics;DB_CLOSE_DELAY=-1",
                    "mahak.push.inbox", "target/ops-metrics-inbox");
        }
    }

    private static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    /** A served sample line: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Inject
    ProducerTemplate producer;
    @Inject
    MahakSimulator simulator;
    @Inject
    TargetDatabase db;

    /** Served metric name -> label name -> the values seen. */
    private Map<String, Map<String, Set<String>>> served;

    @BeforeEach
    void pullAndPush() throws Exception {
        // a pull whose first GetAllData call fails with a 500 and is retried (mahak_retries_total)
        simulator.fault(FaultKind.SERVER_ERROR, 0, 1, "GetAllData", 0);
        producer.requestBody("direct:pull-now", List.of("people"));

        // a push: one record sent, one refused (its client id is taken: 3001), one in conflict (stale row version: 2002)
        long clientId = System.currentTimeMillis() % 1_000_000_000L;
        long created = insertOutbox(clientId, "{\"firstName\":\"اول\"}");
        producer.requestBody("direct:push-run-once", (Object) null);
        long serverId = column(created, "server_id");
        long rowVersion = column(created, "row_version");
        simulator.update("people", (int) serverId, JsonNodeFactory.instance.objectNode().put("firstName", "سرور"));
        insertOutbox(clientId, "{\"firstName\":\"دوم\"}");
        insertOutbox(clientId, "{\"personId\":" + serverId + ",\"rowVersion\":" + rowVersion + ",\"firstName\":\"کهنه\"}");
        producer.requestBody("direct:push-run-once", (Object) null);

        served = parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    @Test
    void theDashboardDrawsOnlyMetricsThatAreServed() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("k8s/grafana/mahak-camel-sync-dashboard.json").toFile());
        Set<String> drawn = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = Pattern.compile("\\bmahak_[a-z_]+").matcher(expr.asText());
            while (m.find()) {
                drawn.add(m.group());
            }
        }
        assertThat(drawn).contains("mahak_pull_records_total", "mahak_push_records_total", "mahak_sync_lag_seconds");
        assertThat(served.keySet()).as("served by /q/metrics").containsAll(drawn);
    }

    @Test
    void everyMetricTheReadmeDocumentsIsServedWithItsTagsAndEveryServedOneIsDocumented() throws Exception {
        List<Documented> documented = readmeMetrics();
        assertThat(documented).extracting(Documented::name).contains("mahak_push_records_total", "jvm_*");
        for (Documented d : documented) {
            if (d.name().endsWith("*")) {
                String prefix = d.name().substring(0, d.name().length() - 1);
                assertThat(served.keySet()).as("a metric named " + d.name()).anyMatch(n -> n.startsWith(prefix));
                continue;
            }
            assertThat(served).as("served by /q/metrics").containsKey(d.name());
            Set<String> labels = new TreeSet<>(served.get(d.name()).keySet());
            labels.remove("le"); // histogram buckets
            assertThat(labels).as("tags of " + d.name()).isEqualTo(d.tags().keySet());
            d.tags().forEach((tag, values) -> {
                if (!values.isEmpty()) {
                    assertThat(served.get(d.name()).get(tag)).as(d.name() + " " + tag).containsAll(values);
                }
            });
        }
        Set<String> names = new TreeSet<>();
        documented.forEach(d -> names.add(d.name()));
        for (String name : served.keySet()) {
            if (name.startsWith("mahak_")) {
                assertThat(names).as("README documents " + name).contains(name);
            }
        }
    }

    /** One row of the README's metrics table: its name and its tags with the values it lists ("outcome = a / b"). */
    record Documented(String name, Map<String, Set<String>> tags) {
    }

    static List<Documented> readmeMetrics() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("### Metrics (`/q/metrics`");
        assertThat(start).as("README's metrics section").isPositive();
        List<Documented> out = new ArrayList<>();
        for (String line : readme.substring(start, readme.indexOf("\n#", start + 1)).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Map<String, Set<String>> tags = new TreeMap<>();
            for (String tag : cells[2].replaceAll("\\([^)]*\\)", "").split(",")) {
                String[] nameAndValues = tag.split("=");
                String name = nameAndValues[0].trim();
                if (name.isEmpty()) {
                    continue;
                }
                Set<String> values = new TreeSet<>();
                if (nameAndValues.length > 1) {
                    for (String v : nameAndValues[1].split("/")) {
                        values.add(v.trim());
                    }
                }
                tags.put(name, values);
            }
            Matcher m = Pattern.compile("`([a-z_*]+)(?:\\{([a-z,]+)})?`").matcher(cells[1]);
            while (m.find()) {
                if (m.group(2) == null) {
                    out.add(new Documented(m.group(1), tags));
                } else {
                    for (String suffix : m.group(2).split(",")) {
                        out.add(new Documented(m.group(1) + suffix, tags));
                    }
                }
            }
        }
        return out;
    }

    static Map<String, Map<String, Set<String>>> parse(String exposition) {
        Map<String, Map<String, Set<String>>> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Map<String, Set<String>> labels = out.computeIfAbsent(m.group(1), k -> new TreeMap<>());
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.computeIfAbsent(l.group(1), k -> new TreeSet<>()).add(l.group(2));
                }
            }
        }
        return out;
    }

    private long insertOutbox(long clientId, String payload) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO mahak_outbox (entity, client_id, payload) VALUES ('people', ?, ?)", new String[] {"id"})) {
            ps.setLong(1, clientId);
            ps.setString(2, payload);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private long column(long outboxId, String column) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + column + " FROM mahak_outbox WHERE id = ?")) {
            ps.setLong(1, outboxId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }
}
