package io.mahaksync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import io.mahaksync.push.CsvReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The push's bare loop, the yardstick of the product's stand-in-fed push: reads the drop's orders.csv and
 * orderDetails.csv, types each cell by the entity catalog, stages every row in a table shaped like mahak_outbox
 * (JDBC batches of 500, one commit), puts each order with its details into SaveAllData requests of at most
 * {@code batchSize} records, sends them one after another to the stand-in, writes each answer's server ids and
 * row versions back (one JDBC batch and commit per answer) and writes the two result files. No journal, no claim,
 * no validation beyond typing, no Camel: what is left is the work any push must do.
 */
final class BarePush {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "bench_bare_outbox";

    /** One staged row: its table id, its file row, its client id and payload; server id and row version once sent. */
    private static final class Row {
        final long id;
        final long sourceRow;
        final long clientId;
        final ObjectNode payload;
        long serverId;
        long rowVersion;

        Row(long id, long sourceRow, long clientId, ObjectNode payload) {
            this.id = id;
            this.sourceRow = sourceRow;
            this.clientId = clientId;
            this.payload = payload;
        }
    }

    private final TargetDb target;
    private final String baseUrl;
    private final int batchSize;

    BarePush(TargetDb target, String baseUrl, int batchSize) {
        this.target = target;
        this.baseUrl = baseUrl;
        this.batchSize = batchSize;
    }

    /** Pushes the drop in {@code dir}, result files into {@code out}; answers the seconds it took. */
    double run(Path dir, Path out) throws Exception {
        Files.createDirectories(out);
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, entity VARCHAR(64), client_id BIGINT, "
                    + "payload TEXT, status VARCHAR(16), group_key VARCHAR(128), source_file VARCHAR(255), source_row "
                    + "BIGINT, server_id BIGINT, row_version BIGINT, created_at TIMESTAMP, updated_at TIMESTAMP)");
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long t0 = System.nanoTime();
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            long[] nextId = {1};
            EntityDef orders = TargetDb.entity(PushDrop.ORDERS);
            EntityDef details = TargetDb.entity(PushDrop.DETAILS);
            List<Row> orderRows = stage(c, dir.resolve(PushDrop.ORDERS + ".csv"), orders, null, nextId);
            Map<Long, List<Row>> detailsByOrder = new LinkedHashMap<>();
            List<Row> detailRows = stage(c, dir.resolve(PushDrop.DETAILS + ".csv"), details, detailsByOrder, nextId);
            c.commit();
            String token = login(http);
            List<Row> batchOrders = new ArrayList<>();
            List<Row> batchDetails = new ArrayList<>();
            for (Row order : orderRows) {
                List<Row> mine = detailsByOrder.getOrDefault(order.clientId, List.of());
                if (!batchOrders.isEmpty() && batchOrders.size() + batchDetails.size() + 1 + mine.size() > batchSize) {
                    send(http, token, c, orders, batchOrders, details, batchDetails);
                    batchOrders.clear();
                    batchDetails.clear();
                }
                batchOrders.add(order);
                batchDetails.addAll(mine);
            }
            if (!batchOrders.isEmpty()) {
                send(http, token, c, orders, batchOrders, details, batchDetails);
            }
            writeResults(out.resolve(PushDrop.ORDERS + ".result.csv"), orderRows);
            writeResults(out.resolve(PushDrop.DETAILS + ".result.csv"), detailRows);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Reads a file into typed payloads and inserts them; details are also grouped by their order's client id. */
    private List<Row> stage(Connection c, Path file, EntityDef entity, Map<Long, List<Row>> byOrder, long[] nextId)
            throws IOException, SQLException {
        Map<String, FieldDef> fields = entity.fieldsByLowerName();
        List<Row> rows = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        try (InputStream in = Files.newInputStream(file); CsvReader csv = new CsvReader(in);
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (id, entity, client_id, payload, "
                        + "status, group_key, source_file, source_row, created_at, updated_at) VALUES (?, ?, ?, ?, "
                        + "'pending', ?, ?, ?, ?, ?)")) {
            List<String> header = csv.next();
            List<FieldDef> columns = new ArrayList<>();
            for (String h : header) {
                columns.add(fields.get(h.toLowerCase(Locale.ROOT)));
            }
            int inBatch = 0;
            for (List<String> cells = csv.next(); cells != null; cells = csv.next()) {
                ObjectNode payload = JSON.createObjectNode();
                for (int i = 0; i < cells.size(); i++) {
                    put(payload, columns.get(i), cells.get(i));
                }
                long clientId = payload.get(entity.clientIdField()).asLong();
                Row row = new Row(nextId[0]++, csv.recordNumber(), clientId, payload);
                rows.add(row);
                String groupKey = PushDrop.ORDERS + ":" + clientId;
                if (byOrder != null) {
                    long order = payload.get("orderClientId").asLong();
                    byOrder.computeIfAbsent(order, k -> new ArrayList<>()).add(row);
                    groupKey = PushDrop.ORDERS + ":" + order;
                }
                ps.setLong(1, row.id);
                ps.setString(2, entity.name());
                ps.setLong(3, clientId);
                ps.setString(4, payload.toString());
                ps.setString(5, groupKey);
                ps.setString(6, file.getFileName().toString());
                ps.setLong(7, row.sourceRow);
                ps.setTimestamp(8, now);
                ps.setTimestamp(9, now);
                ps.addBatch();
                if (++inBatch == 500) {
                    ps.executeBatch();
                    inBatch = 0;
                }
            }
            ps.executeBatch();
        }
        return rows;
    }

    private static void put(ObjectNode payload, FieldDef f, String cell) {
        if (cell == null || cell.isEmpty()) {
            return;
        }
        switch (f.type()) {
            case INT32 -> payload.put(f.name(), Integer.parseInt(cell.trim()));
            case INT64 -> payload.put(f.name(), Long.parseLong(cell.trim()));
            case DOUBLE -> payload.put(f.name(), new BigDecimal(cell.trim()));
            case BOOLEAN -> payload.put(f.name(), Boolean.parseBoolean(cell.trim()));
            default -> payload.put(f.name(), cell);
        }
    }

    private String login(HttpClient http) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(ReplayFeeder.post(baseUrl + "/Sync/Login", null,
                "{\"userName\":\"bench\",\"password\":\"" + SaveStandIn.md5("bench") + "\",\"databaseId\":1}"),
                HttpResponse.BodyHandlers.ofByteArray());
        return JSON.readTree(r.body()).path("Data").path("UserToken").asText();
    }

    /** One SaveAllData request of whole orders; the answer's ids written back by Index in one batch and commit. */
    private void send(HttpClient http, String token, Connection c, EntityDef orders, List<Row> batchOrders,
            EntityDef details, List<Row> batchDetails) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode o = body.putArray(orders.name());
        batchOrders.forEach(r -> o.add(r.payload));
        ArrayNode d = body.putArray(details.name());
        batchDetails.forEach(r -> d.add(r.payload));
        HttpResponse<byte[]> r = http.send(ReplayFeeder.post(baseUrl + "/Sync/SaveAllData", token, body.toString()),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("SaveAllData answered " + r.statusCode());
        }
        JsonNode objects = JSON.readTree(r.body()).path("Data").path("Objects");
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET status = 'sent', server_id = ?, "
                + "row_version = ?, updated_at = ? WHERE id = ?")) {
            Timestamp now = Timestamp.from(Instant.now());
            record(ps, now, objects.path(SaveStandIn.pascal(orders.saveResultKey())).path("Results"), batchOrders);
            record(ps, now, objects.path(SaveStandIn.pascal(details.saveResultKey())).path("Results"), batchDetails);
            ps.executeBatch();
        }
        c.commit();
    }

    private static void record(PreparedStatement ps, Timestamp now, JsonNode results, List<Row> rows)
            throws SQLException {
        for (JsonNode result : results) {
            Row row = rows.get(result.path("Index").asInt());
            row.serverId = result.path("EntityId").asLong();
            row.rowVersion = result.path("RowVersion").asLong();
            ps.setLong(1, row.serverId);
            ps.setLong(2, row.rowVersion);
            ps.setTimestamp(3, now);
            ps.setLong(4, row.id);
            ps.addBatch();
        }
    }

    private static void writeResults(Path file, List<Row> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("row,clientId,status,serverId,rowVersion,error\n");
            for (Row r : rows) {
                w.write(r.sourceRow + "," + r.clientId + "," + (r.serverId == 0 ? "pending" : "sent") + ","
                        + (r.serverId == 0 ? "" : r.serverId) + "," + (r.serverId == 0 ? "" : r.rowVersion) + ",\n");
            }
        }
    }
}
