package io.mahaksync.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pull's feeder that is not the bottleneck: it captures every record the simulator gives the product's
 * visitor once (GetAllData, page after page, as any client reads it), keeps each entity's records serialized
 * in one byte array ordered by row version, and then answers Login (the simulator's own answer, replayed) and
 * GetAllData from memory on both path versions. A GetAllData answer is cut from those bytes by the request's
 * cursors as the simulator answers (per entity asked for: the next {@code pageSize} records whose row version
 * is above the cursor, exclusive as the simulator's default), so the product pages through it exactly as it
 * pages through the simulator; nothing is serialized while serving.
 */
final class ReplayFeeder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final byte[] HEAD = "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"Objects\":{"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "}}}".getBytes(StandardCharsets.US_ASCII);

    /** One entity's captured records: their bytes back to back, where each starts and ends, their row versions. */
    static final class Captured {
        final EntityDef entity;
        final byte[] bytes;
        final int[] start;
        final int[] end;
        final long[] rowVersion;

        Captured(EntityDef entity, byte[] bytes, int[] start, int[] end, long[] rowVersion) {
            this.entity = entity;
            this.bytes = bytes;
            this.start = start;
            this.end = end;
            this.rowVersion = rowVersion;
        }

        int size() {
            return rowVersion.length;
        }

        /** Index of the first record whose row version is above {@code cursor}. */
        int firstAfter(long cursor) {
            int i = Arrays.binarySearch(rowVersion, cursor);
            return i >= 0 ? i + 1 : -i - 1;
        }
    }

    private final EntityCatalog catalog = new EntityCatalog();
    /** By the lower-cased request field ({@code frompersonversion}). */
    private final Map<String, Captured> byRequestField = new LinkedHashMap<>();
    private byte[] loginAnswer;
    private FeederHttp http;
    private long records;

    /**
     * Reads everything the simulator gives the product: Login as the product logs in, then each entity in pages
     * of {@code pageSize} with {@code currentVisitorId} from Login, as the product asks by default.
     */
    static ReplayFeeder capture(String simulatorBaseUrl, int pageSize) throws IOException, InterruptedException {
        ReplayFeeder f = new ReplayFeeder();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ObjectNode login = JSON.createObjectNode().put("userName", "demo").put("password", SaveStandIn.md5("demo"))
                .put("databaseId", 1);
        f.loginAnswer = client.send(post(simulatorBaseUrl + "/Sync/Login", null, login.toString()),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        JsonNode data = JSON.readTree(f.loginAnswer).path("Data");
        String token = data.path("UserToken").asText();
        long visitor = data.path("VisitorId").asLong();
        JsonFactory factory = JSON.getFactory();
        for (EntityDef def : f.catalog.all()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            List<long[]> marks = new ArrayList<>(); // start, end, row version
            long cursor = 0;
            while (true) {
                ObjectNode request = JSON.createObjectNode().put(def.requestField(), cursor).put("pageSize", pageSize)
                        .put("currentVisitorId", visitor);
                HttpResponse<InputStream> r = client.send(post(simulatorBaseUrl + "/Sync/GetAllData", token,
                        request.toString()), HttpResponse.BodyHandlers.ofInputStream());
                int before = marks.size();
                try (InputStream in = r.body(); JsonParser p = factory.createParser(in)) {
                    if (r.statusCode() != 200) {
                        throw new IOException("GetAllData for " + def.name() + " answered " + r.statusCode());
                    }
                    if (toCollection(p, def.collection())) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            ObjectNode record = JSON.readTree(p);
                            long rv = rowVersion(record);
                            if (bytes.size() > 0) {
                                bytes.write(',');
                            }
                            int start = bytes.size();
                            bytes.write(JSON.writeValueAsBytes(record));
                            marks.add(new long[] {start, bytes.size(), rv});
                        }
                    }
                }
                if (marks.size() == before) {
                    break;
                }
                long highest = cursor;
                for (int i = before; i < marks.size(); i++) {
                    highest = Math.max(highest, marks.get(i)[2]);
                }
                if (highest == cursor) {
                    break;
                }
                cursor = highest;
            }
            f.add(def, bytes.toByteArray(), marks);
        }
        return f;
    }

    private void add(EntityDef def, byte[] bytes, List<long[]> marks) {
        // pages come shuffled inside themselves: order by row version so that a cursor cuts one contiguous slice
        marks.sort((a, b) -> Long.compare(a[2], b[2]));
        ByteArrayOutputStream sorted = new ByteArrayOutputStream(bytes.length);
        int n = marks.size();
        int[] start = new int[n];
        int[] end = new int[n];
        long[] rv = new long[n];
        for (int i = 0; i < n; i++) {
            long[] m = marks.get(i);
            if (i > 0) {
                sorted.write(',');
            }
            start[i] = sorted.size();
            sorted.write(bytes, (int) m[0], (int) (m[1] - m[0]));
            end[i] = sorted.size();
            rv[i] = m[2];
        }
        byRequestField.put(def.requestField().toLowerCase(java.util.Locale.ROOT),
                new Captured(def, sorted.toByteArray(), start, end, rv));
        records += n;
    }

    /** Moves the parser to the first element of {@code Data.Objects.<collection>}; false when it is absent or null. */
    private static boolean toCollection(JsonParser p, String collection) throws IOException {
        int depth = 0;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t == JsonToken.FIELD_NAME && depth == 3 && p.currentName().equalsIgnoreCase(collection)) {
                return p.nextToken() == JsonToken.START_ARRAY;
            }
        }
        return false;
    }

    private static long rowVersion(ObjectNode record) {
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase("rowVersion")) {
                return e.getValue().asLong();
            }
        }
        throw new IllegalStateException("A captured record has no RowVersion: " + record);
    }

    static HttpRequest post(String url, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** Records captured, all entities. */
    long records() {
        return records;
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        byRequestField.values().forEach(c -> counts.put(c.entity.name(), (long) c.size()));
        return counts;
    }

    ReplayFeeder start() throws IOException {
        http = new FeederHttp(Map.of("login", (e, b, x) -> FeederHttp.Answer.of(loginAnswer),
                "getalldata", this::page));
        return this;
    }

    String baseUrl() {
        return http.baseUrl();
    }

    FeederHttp.Served served() {
        return http.served("getalldata");
    }

    void resetCounters() {
        http.resetCounters();
    }

    /** A GetAllData answer: per entity asked for, the next pageSize records above its cursor, cut from the bytes. */
    private FeederHttp.Answer page(String endpoint, byte[] body, HttpExchange exchange) throws IOException {
        if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
            byte[] refusal = "{\"Result\":false,\"Code\":401,\"Message\":\"Token is missing\",\"Data\":null}"
                    .getBytes(StandardCharsets.US_ASCII);
            return new FeederHttp.Answer(401, new byte[][] {refusal}, new int[] {0}, new int[] {refusal.length});
        }
        JsonNode request = JSON.readTree(body);
        int pageSize = 0;
        List<Captured> wanted = new ArrayList<>();
        List<Long> cursors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("pagesize")) {
                pageSize = f.getValue().asInt(0);
            }
            Captured c = byRequestField.get(name);
            if (c != null && f.getValue().isIntegralNumber()) {
                wanted.add(c);
                cursors.add(f.getValue().asLong());
            }
        }
        List<byte[]> chunks = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        chunks.add(HEAD);
        ranges.add(new int[] {0, HEAD.length});
        for (int i = 0; i < wanted.size(); i++) {
            Captured c = wanted.get(i);
            int from = c.firstAfter(cursors.get(i));
            int to = pageSize <= 0 ? c.size() : Math.min(c.size(), from + pageSize);
            byte[] name = ((i > 0 ? "," : "") + "\"" + c.entity.collection() + "\":[").getBytes(StandardCharsets.UTF_8);
            chunks.add(name);
            ranges.add(new int[] {0, name.length});
            if (to > from) {
                chunks.add(c.bytes);
                ranges.add(new int[] {c.start[from], c.end[to - 1] - c.start[from]});
            }
            byte[] close = {']'};
            chunks.add(close);
            ranges.add(new int[] {0, 1});
        }
        chunks.add(TAIL);
        ranges.add(new int[] {0, TAIL.length});
        int n = chunks.size();
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = ranges.get(i)[0];
            lengths[i] = ranges.get(i)[1];
        }
        return new FeederHttp.Answer(200, chunks.toArray(byte[][]::new), offsets, lengths);
    }

    /**
     * A client that reads pages as fast as it can: every entity from cursor 0 in pages of {@code pageSize}, each
     * answer read to its last byte (not parsed: the next cursor is the captured row version at the page's end).
     * Answers records and seconds.
     */
    double[] clientLoop(int pageSize) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long read = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        for (Captured c : byRequestField.values()) {
            long cursor = 0;
            while (true) {
                int from = c.firstAfter(cursor);
                if (from >= c.size()) {
                    break;
                }
                String body = "{\"" + c.entity.requestField() + "\":" + cursor + ",\"pageSize\":" + pageSize + "}";
                HttpResponse<InputStream> r = client.send(post(baseUrl() + "/Sync/GetAllData", "bench", body),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    bytes += in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                int to = Math.min(c.size(), from + pageSize);
                read += to - from;
                cursor = c.rowVersion[to - 1];
            }
        }
        return new double[] {read, (System.nanoTime() - t0) / 1e9, bytes};
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
