package io.mahaksync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in simulator run alone in its own JVM ({@code -Dquarkus.profile=simulator}), so that killing a
 * product does not kill the Mahak it talks to, and its admin API: reseed, faults, mutations, states.
 */
final class SimulatorProcess {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** id -> what the target must hold for it. */
    record State(long rowVersion, boolean deleted) {
    }

    final JvmProcess process;
    private String token;

    SimulatorProcess(Path workDir, long seed, int records, String heap) {
        process = new JvmProcess("simulator", workDir).option("-Xmx" + heap).option("-Dquarkus.profile=simulator")
                .option("-Dmahak.simulator.seed=" + seed).option("-Dmahak.simulator.records=" + records);
    }

    SimulatorProcess start() {
        process.start();
        // the status answers once the seed is complete (the seed runs beside the start, every answer waits for it)
        process.awaitHttp("/simulator/admin/status", Duration.ofMinutes(5));
        return this;
    }

    /** What the product's MAHAK_BASE_URL must be. */
    String baseUrl() {
        return process.url("/API/v3");
    }

    void reset(long seed, int records) {
        admin("POST", "reset", "{\"seed\":" + seed + ",\"records\":" + records + "}");
    }

    /** PUT faults: a partial change of faults, token lifetime, cursor mode or dialect. */
    void faults(String json) {
        admin("PUT", "faults", json);
    }

    void clearFaults() {
        admin("DELETE", "faults", null);
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        admin("GET", "entities", null).fields().forEachRemaining(f -> counts.put(f.getKey(), f.getValue().asLong()));
        return counts;
    }

    long totalRecords() {
        return counts().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The states of every record of an entity, read in pages of the admin API. */
    Map<Integer, State> states(String entity) {
        Map<Integer, State> states = new HashMap<>();
        int offset = 0;
        final int limit = 50_000;
        while (true) {
            JsonNode page = admin("GET", "entities/" + entity + "/records?offset=" + offset + "&limit=" + limit, null);
            for (JsonNode s : page) {
                states.put(s.get("id").asInt(), new State(s.get("rowVersion").asLong(), s.get("deleted").asBoolean()));
            }
            if (page.size() < limit) {
                return states;
            }
            offset += limit;
        }
    }

    /** Changes a record as if someone edited it in Mahak; answers its new row version. */
    long update(String entity, int id, ObjectNode changes) {
        return admin("PATCH", "entities/" + entity + "/records/" + id, changes.toString()).path("rowVersion").asLong();
    }

    /** Inserts a record as if entered in Mahak; answers the stored record (camelCase). */
    JsonNode insert(String entity, ObjectNode fields) {
        return admin("POST", "entities/" + entity + "/records", fields.toString());
    }

    /** How many records clients saved through SaveAllData per client id: more than 1 is a duplicate. */
    Map<Long, Integer> savedPerClientId(String entity, String clientIdField) {
        Map<Long, Integer> counts = new HashMap<>();
        for (JsonNode r : admin("GET", "entities/" + entity + "/saved", null)) {
            counts.merge(r.path(clientIdField).asLong(), 1, Integer::sum);
        }
        return counts;
    }

    JsonNode requestLog() {
        return admin("GET", "requests", null);
    }

    JsonNode admin(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(process.url("/simulator/admin/" + path)))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One GetAllDataV2 call as any client makes it (used by the hand-written route of the benchmark). */
    InputStream getAllData(ObjectNode request) throws IOException, InterruptedException {
        if (token == null) {
            ObjectNode login = JSON.createObjectNode().put("userName", "demo").put("password", md5("demo"))
                    .put("databaseId", 1);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/Sync/LoginV2"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(login.toString())).build(), HttpResponse.BodyHandlers.ofString());
            token = JSON.readTree(r.body()).path("Data").path("UserToken").asText();
        }
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/Sync/GetAllDataV2"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("GetAllDataV2 answered " + r.statusCode());
        }
        return r.body();
    }

    private static String md5(String text) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
