package io.mahaksync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CSV drops for the packaged-product tests, and what the simulator (run alone, as a separate process) holds of
 * them: how often each client id was saved, read through its admin API.
 */
final class PushDropsInIt {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Client ids unique to this run: the PostgreSQL test database outlives it. */
    private static final AtomicLong IDS = new AtomicLong((System.currentTimeMillis() % 10_000_000L) * 10_000L);

    private PushDropsInIt() {
    }

    /** The client ids of one drop: a person, their order and its five details. */
    record Ids(long person, long order, List<Long> details) {
    }

    /** Writes a ready drop (people, orders, orderDetails) into the inbox and returns its client ids. */
    static Ids readyDrop(Path inbox, String name) throws IOException {
        Ids ids = new Ids(IDS.incrementAndGet(), IDS.incrementAndGet(), List.of(IDS.incrementAndGet(),
                IDS.incrementAndGet(), IDS.incrementAndGet(), IDS.incrementAndGet(), IDS.incrementAndGet()));
        Path dir = Files.createDirectories(inbox.resolve(name));
        Files.writeString(dir.resolve("people.csv"), "personClientId,firstName,lastName\n" + ids.person()
                + ",نگار,کاظمی\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("orders.csv"), "orderClientId,personClientId,orderDate\n" + ids.order() + ","
                + ids.person() + ",2024-03-01T10:15:00\n");
        StringBuilder details = new StringBuilder("orderDetailClientId,orderClientId,storeId,price,count1\n");
        for (long d : ids.details()) {
            details.append(d).append(',').append(ids.order()).append(",1,1000,2\n");
        }
        Files.writeString(dir.resolve("orderDetails.csv"), details.toString());
        Files.createFile(dir.resolve("_READY"));
        return ids;
    }

    /** How many records of an entity the simulator holds per value of a client-id field. */
    static Map<Long, Integer> savedClientIds(int simulatorPort, String entity, String clientIdField)
            throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + simulatorPort + "/simulator/admin/entities/" + entity + "/records";
        Map<Long, Integer> out = new HashMap<>();
        for (JsonNode state : get(base)) {
            JsonNode record = get(base + "/" + state.path("id").asInt());
            if (record.hasNonNull(clientIdField)) {
                out.merge(record.path(clientIdField).asLong(), 1, Integer::sum);
            }
        }
        return out;
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Every line of a result file of a drop moved to .done/. */
    static List<String> result(Path inbox, String drop, String commitKey) throws IOException {
        return new ArrayList<>(Files.readAllLines(inbox.resolve(".done").resolve(drop).resolve(commitKey + ".result.csv"),
                StandardCharsets.UTF_8));
    }
}
