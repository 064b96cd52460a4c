package io.mahaksync.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push's stand-in for Mahak that is not the bottleneck: Login answers a token, SaveAllData(V2) answers
 * every record of the request as saved ({@code Result true}, its {@code Index}, a new server id, its client id,
 * a new row version) without a database, and GetAllData(V2) answers empty collections (what a reconciliation
 * asks when a batch's outcome is unknown: nothing landed). Per record it keeps only the client id (to count
 * any saved twice) and, per request, when it arrived: the rate of any stretch of a push is read from it.
 */
final class SaveStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] LOGIN = ("{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"UserToken\":"
            + "\"stand-in-token\",\"SyncId\":1,\"VisitorId\":1,\"DatabaseId\":1,\"UserTitle\":\"stand-in\","
            + "\"ErrorCode\":0,\"ErrorMessage\":null}}").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_PAGE = "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"Objects\":{}}}"
            .getBytes(StandardCharsets.US_ASCII);

    private final EntityCatalog catalog = new EntityCatalog();
    private final AtomicLong nextId = new AtomicLong(50_000_000L);
    private final AtomicLong nextRowVersion = new AtomicLong(90_000_000L);
    private final Map<Long, Boolean> clientIds = new ConcurrentHashMap<>();
    private final AtomicLong twice = new AtomicLong();
    private final AtomicLong saved = new AtomicLong();
    /** Per SaveAllData request: records saved in total after it, and when it was answered (nanoTime). */
    private final List<long[]> arrivals = new ArrayList<>();
    private FeederHttp http;

    SaveStandIn start() throws IOException {
        http = new FeederHttp(Map.of("login", (e, b, x) -> FeederHttp.Answer.of(LOGIN),
                "getalldata", (e, b, x) -> FeederHttp.Answer.of(EMPTY_PAGE),
                "savealldata", this::save));
        return this;
    }

    String baseUrl() {
        return http.baseUrl();
    }

    FeederHttp.Served served() {
        return http.served("savealldata");
    }

    /** Forgets what was saved and when (client ids too), for the next drop. */
    synchronized void reset() {
        clientIds.clear();
        twice.set(0);
        saved.set(0);
        arrivals.clear();
        http.resetCounters();
    }

    long saved() {
        return saved.get();
    }

    long savedTwice() {
        return twice.get();
    }

    /**
     * Records per second over the stretch of a push from record {@code fromFraction} to {@code toFraction} of its
     * {@code total} (e.g. 0.9 to 1.0: the last tenth), from the instants the requests that carried them were answered;
     * the push began after {@code before} records were saved (an earlier drop's).
     */
    synchronized double rate(long before, long total, double fromFraction, double toFraction) {
        long from = before + (long) (total * fromFraction);
        long to = before + (long) (total * toFraction);
        long[] a = at(from, before);
        long[] b = at(to, before);
        if (a == null || b == null || b[1] == a[1]) {
            return Double.NaN;
        }
        return (b[0] - a[0]) / ((b[1] - a[1]) / 1e9);
    }

    /**
     * The first request after which at least {@code records} were saved; for {@code start} (where the push began),
     * that push's first request itself, counted from {@code start}.
     */
    private long[] at(long records, long start) {
        for (long[] a : arrivals) {
            if (a[0] >= Math.max(start + 1, records)) {
                return records == start ? new long[] {start, a[1]} : a;
            }
        }
        return null;
    }

    private FeederHttp.Answer save(String endpoint, byte[] body, HttpExchange exchange) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length / 3);
        int count = 0;
        try (JsonParser p = JSON.getFactory().createParser(body);
                JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeBooleanField("Result", true);
            g.writeNumberField("Code", 0);
            g.writeNullField("Message");
            g.writeObjectFieldStart("Data");
            g.writeObjectFieldStart("Objects");
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("SaveAllData body is not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                Optional<EntityDef> def = catalog.find(key);
                JsonToken t = p.nextToken();
                if (t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                String clientIdField = def.map(EntityDef::clientIdField).orElse(null);
                g.writeObjectFieldStart(def.map(d -> pascal(d.saveResultKey() == null ? key : d.saveResultKey()))
                        .orElse(pascal(key)));
                g.writeArrayFieldStart("Results");
                int index = 0;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    Long clientId = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (clientIdField != null && v == JsonToken.VALUE_NUMBER_INT && field.equalsIgnoreCase(clientIdField)) {
                            clientId = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                    if (clientId != null && clientIds.putIfAbsent(clientId, Boolean.TRUE) != null) {
                        twice.incrementAndGet();
                    }
                    g.writeStartObject();
                    g.writeBooleanField("Result", true);
                    g.writeNumberField("Index", index++);
                    g.writeNumberField("EntityId", nextId.incrementAndGet());
                    if (clientId == null) {
                        g.writeNullField("EntityClientId");
                    } else {
                        g.writeNumberField("EntityClientId", clientId);
                    }
                    g.writeNullField("EntityCode");
                    g.writeNumberField("RowVersion", nextRowVersion.incrementAndGet());
                    g.writeArrayFieldStart("Errors");
                    g.writeEndArray();
                    g.writeNullField("AdditionalData");
                    g.writeEndObject();
                    count++;
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        long total = saved.addAndGet(count);
        synchronized (this) {
            arrivals.add(new long[] {total, System.nanoTime()});
        }
        return FeederHttp.Answer.of(out.toByteArray());
    }

    /**
     * A client that sends SaveAllData as fast as it can: {@code requests} requests of {@code orders} orders with
     * {@code detailsPerOrder} details each (the push benchmark's shape, pre-built), answers read whole. Answers
     * records and seconds. Its client ids are negative, apart from any drop's.
     */
    double[] clientLoop(int requests, int orders, int detailsPerOrder) throws IOException, InterruptedException {
        List<String> bodies = new ArrayList<>();
        long clientId = -1_000_000_000L - (long) requests * orders * (1 + detailsPerOrder);
        for (int r = 0; r < requests; r++) {
            StringBuilder o = new StringBuilder("{\"orders\":[");
            StringBuilder d = new StringBuilder("],\"orderDetails\":[");
            for (int i = 0; i < orders; i++) {
                long orderClientId = clientId++;
                o.append(i == 0 ? "" : ",").append("{\"orderClientId\":").append(orderClientId)
                        .append(",\"personId\":7,\"orderDate\":\"2024-03-10T10:30:00\",\"orderType\":1,")
                        .append("\"description\":\"سفارش نوروزی ").append(i).append("\"}");
                for (int k = 0; k < detailsPerOrder; k++) {
                    d.append(i == 0 && k == 0 ? "" : ",").append("{\"orderDetailClientId\":").append(clientId++)
                            .append(",\"orderClientId\":").append(orderClientId)
                            .append(",\"productDetailId\":3,\"storeId\":1,\"price\":1000,\"count1\":1,")
                            .append("\"description\":\"چای ایرانی ").append(k).append("\"}");
                }
            }
            bodies.add(o.append(d).append("]}").toString());
        }
        return sendLoop(baseUrl(), "stand-in-token", bodies, orders * (1 + detailsPerOrder));
    }

    /** Sends pre-built SaveAllData bodies back to back to {@code baseUrl}; answers records, seconds. */
    static double[] sendLoop(String baseUrl, String token, List<String> bodies, int recordsPerBody)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long t0 = System.nanoTime();
        for (String body : bodies) {
            HttpResponse<byte[]> r = client.send(ReplayFeeder.post(baseUrl + "/Sync/SaveAllData", token, body),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("SaveAllData answered " + r.statusCode());
            }
        }
        return new double[] {(double) bodies.size() * recordsPerBody, (System.nanoTime() - t0) / 1e9};
    }

    static String pascal(String name) {
        return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    static String md5(String text) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
