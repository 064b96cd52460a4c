package io.mahaksync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The route people write by hand for the same job, run in its own plain CamelContext: the GetAllData answer
 * unmarshalled into maps, split per record, and one {@code jdbc} upsert per record (auto-commit). It writes
 * the same people records into an empty table of the same shape as mahak_person.
 */
final class NaiveCamelRoute {

    static final String TABLE = "bench_naive_person";

    private final TargetDb target;
    private final SimulatorProcess simulator;

    NaiveCamelRoute(TargetDb target, SimulatorProcess simulator) {
        this.target = target;
        this.simulator = simulator;
    }

    /** Pulls about {@code records} people through the route; answers records written and seconds. */
    double[] run(int records, int pageSize) throws Exception {
        Map<String, Integer> columnTypes = prepareTable();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(target.jdbcUrl);
        ds.setUser(target.user);
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("target", ds);
        // a lambda, not a RouteBuilder subclass: Camel Quarkus discovers RouteBuilder classes on the test class
        // path and would try to add this route to the product's context in the @QuarkusTest runs
        RouteBuilder.addRoutes(camel, rb -> rb.from("direct:people-page")
                        .unmarshal().json(JsonLibrary.Jackson, Map.class)
                        .split(rb.simple("${body[Data][Objects][People]}"))
                            .process(exchange -> {
                                // the record's fields as named parameters, the statement built for them
                                @SuppressWarnings("unchecked")
                                Map<String, Object> record = exchange.getIn().getBody(Map.class);
                                List<String> columns = new ArrayList<>();
                                for (Map.Entry<String, Object> f : record.entrySet()) {
                                    String column = snake(f.getKey());
                                    Integer type = columnTypes.get(column);
                                    if (type == null || f.getValue() == null) {
                                        continue;
                                    }
                                    Object value = type == Types.TIMESTAMP
                                            ? Timestamp.valueOf(LocalDateTime.parse(f.getValue().toString()))
                                            : f.getValue();
                                    exchange.getIn().setHeader(column, value);
                                    columns.add(column);
                                }
                                exchange.getIn().setHeader("synced_at", new Timestamp(System.currentTimeMillis()));
                                columns.add("synced_at");
                                exchange.getIn().setBody("INSERT INTO " + TABLE + " (" + String.join(", ", columns)
                                        + ") VALUES (" + columns.stream().map(c -> ":?" + c).collect(Collectors.joining(", "))
                                        + ") ON CONFLICT (person_id) DO UPDATE SET " + columns.stream()
                                                .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")));
                            })
                            .to("jdbc:target?useHeadersAsParameters=true")
                        .end());
        camel.start();
        long written = 0;
        long cursor = 0;
        long start = System.nanoTime();
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            while (written < records) {
                ObjectNode request = SimulatorProcess.JSON.createObjectNode().put("fromPersonVersion", cursor)
                        .put("pageSize", pageSize);
                byte[] page;
                try (InputStream in = simulator.getAllData(request)) {
                    page = in.readAllBytes();
                }
                producer.sendBody("direct:people-page", page);
                long[] after = progress();
                if (after[0] == written) {
                    break; // caught up
                }
                written = after[0];
                cursor = after[1];
            }
        } finally {
            camel.stop();
        }
        return new double[] {written, (System.nanoTime() - start) / 1e9};
    }

    private Map<String, Integer> prepareTable() throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (LIKE mahak_person INCLUDING ALL)");
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + TABLE + " WHERE false")) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (!md.getColumnName(i).equals("extra")) {
                        types.put(md.getColumnName(i), md.getColumnType(i));
                    }
                }
            }
        }
        return types;
    }

    /** Rows written so far and the highest row version among them (the naive route's cursor). */
    private long[] progress() throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(MAX(row_version), 0) FROM " + TABLE)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    void dropTable() throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    static String snake(String pascal) {
        return pascal.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
