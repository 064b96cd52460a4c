package io.mahaksync.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain client loops against the simulator alone: how fast it answers GetAllData and SaveAllData when nothing
 * but a loop waits for it. The loops do as little as a client can: GetAllData answers are parsed only far
 * enough to count records and find the highest RowVersion (the next cursor); SaveAllData bodies are built
 * before the clock starts.
 */
final class SimulatorLoops {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatorLoops() {
    }

    private static String[] login(HttpClient client, String baseUrl) throws IOException, InterruptedException {
        String body = "{\"userName\":\"demo\",\"password\":\"" + SaveStandIn.md5("demo") + "\",\"databaseId\":1}";
        JsonNode data = JSON.readTree(client.send(ReplayFeeder.post(baseUrl + "/Sync/Login", null, body),
                HttpResponse.BodyHandlers.ofString()).body()).path("Data");
        return new String[] {data.path("UserToken").asText(), data.path("VisitorId").asText()};
    }

    /**
     * Every entity in catalog order, from cursor 0 in pages of {@code pageSize} with the
     * visitor from Login, until {@code maxRecords} were read or all of them. Answers records, seconds.
     */
    static double[] getAllData(String baseUrl, int pageSize, long maxRecords) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String[] login = login(client, baseUrl);
        long records = 0;
        long t0 = System.nanoTime();
        outer:
        for (EntityDef def : new EntityCatalog().all()) {
            long cursor = 0;
            while (true) {
                String body = "{\"" + def.requestField() + "\":" + cursor + ",\"pageSize\":" + pageSize
                        + ",\"currentVisitorId\":" + login[1] + "}";
                HttpResponse<InputStream> r = client.send(ReplayFeeder.post(baseUrl + "/Sync/GetAllData", login[0], body),
                        HttpResponse.BodyHandlers.ofInputStream());
                long[] page = countPage(r.body());
                records += page[0];
                if (page[0] == 0 || page[1] <= cursor || records >= maxRecords) {
                    if (records >= maxRecords) {
                        break outer;
                    }
                    break;
                }
                cursor = page[1];
            }
        }
        return new double[] {records, (System.nanoTime() - t0) / 1e9};
    }

    /** Records in the answer's collections (objects at depth 4) and the highest RowVersion among them. */
    private static long[] countPage(InputStream in) throws IOException {
        long count = 0;
        long highest = 0;
        try (in; JsonParser p = JSON.getFactory().createParser(in)) {
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        depth++;
                        if (t == JsonToken.START_OBJECT && depth == 5) {
                            count++;
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        if (depth == 5 && p.currentName().equalsIgnoreCase("rowVersion")) {
                            p.nextToken();
                            highest = Math.max(highest, p.getValueAsLong());
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return new long[] {count, highest};
    }

    /**
     * {@code requests} SaveAllData requests of {@code orders} new orders with {@code detailsPerOrder} details each,
     * pointing at seeded people and product details, client ids from {@code firstClientId}. Answers records, seconds.
     */
    static double[] saveAllData(String baseUrl, int requests, int orders, int detailsPerOrder, long people,
            long productDetails, long firstClientId) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String[] login = login(client, baseUrl);
        List<String> bodies = new ArrayList<>();
        long clientId = firstClientId;
        for (int r = 0; r < requests; r++) {
            StringBuilder o = new StringBuilder("{\"orders\":[");
            StringBuilder d = new StringBuilder("],\"orderDetails\":[");
            for (int i = 0; i < orders; i++) {
                long orderClientId = clientId++;
                o.append(i == 0 ? "" : ",").append("{\"orderClientId\":").append(orderClientId).append(",\"personId\":")
                        .append(1 + (orderClientId % people)).append(",\"orderDate\":\"2024-03-10T10:30:00\",\"orderType\":1,")
                        .append("\"description\":\"سفارش نوروزی ").append(i).append("\"}");
                for (int k = 0; k < detailsPerOrder; k++) {
                    d.append(i == 0 && k == 0 ? "" : ",").append("{\"orderDetailClientId\":").append(clientId++)
                            .append(",\"orderClientId\":").append(orderClientId).append(",\"productDetailId\":")
                            .append(1 + ((orderClientId * 7 + k) % productDetails))
                            .append(",\"storeId\":1,\"price\":1000,\"count1\":1,\"description\":\"چای ایرانی ")
                            .append(k).append("\"}");
                }
            }
            bodies.add(o.append(d).append("]}").toString());
        }
        // the answers are checked: a loop that measured refusals would measure nothing
        HttpResponse<String> probe = client.send(ReplayFeeder.post(baseUrl + "/Sync/SaveAllData", login[0],
                bodies.remove(0)), HttpResponse.BodyHandlers.ofString());
        if (!JSON.readTree(probe.body()).path("Result").asBoolean()) {
            throw new IllegalStateException("The simulator refused the loop's first SaveAllData: "
                    + probe.body().substring(0, Math.min(600, probe.body().length())));
        }
        return SaveStandIn.sendLoop(baseUrl, login[0], bodies, orders * (1 + detailsPerOrder));
    }
}
