package io.mahaksync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo on the packaged product, restarted: the simulated Mahak keeps its data and identity in a file
 * beside the target, so the restarted demo goes on where it stopped and a product changed after the
 * restart is mirrored (before, the simulator was re-seeded while the target kept its cursors, and the
 * change was never seen).
 */
class DemoRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:demo-admin-password".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRestartedDemoGoesOnWhereItStoppedAndMirrorsTheNextChange() throws Exception {
        ProductProcess first = demo().start();
        int syncId;
        long lastRowVersion;
        try {
            long changed = changeAProduct(first, 1, "پیش از راه‌اندازی دوباره");
            awaitProductsCursor(first, changed);
            JsonNode status = get(first, "/simulator/admin/status", false);
            syncId = status.path("syncId").asInt();
            lastRowVersion = status.path("lastRowVersion").asLong();
        } finally {
            first.stop();
        }

        ProductProcess second = demo().start();
        try {
            JsonNode status = await(second, "/simulator/admin/status", false, s -> s.has("syncId"));
            assertThat(status.path("syncId").asInt()).as("the same Mahak database").isEqualTo(syncId);
            assertThat(status.path("lastRowVersion").asLong()).as("its data kept").isEqualTo(lastRowVersion);
            long changed = changeAProduct(second, 2, "پس از راه‌اندازی دوباره");
            assertThat(changed).isGreaterThan(lastRowVersion);
            awaitProductsCursor(second, changed);
            JsonNode ready = await(second, "/q/health/ready", false, r -> r.has("checks"));
            for (JsonNode check : ready.path("checks")) {
                if (check.path("name").asText().equals("mahak-source")) {
                    assertThat(check.path("status").asText()).as(second.log()).isEqualTo("UP");
                }
            }
        } finally {
            second.stop();
        }
    }

    private ProductProcess demo() {
        return new ProductProcess(work).with("QUARKUS_PROFILE", "demo").with("MAHAK_PULL_INTERVAL", "PT1S")
                .with("MAHAK_PULL_ENTITIES", "products,people");
    }

    /** Renames product {@code id} in the simulator; answers its new row version. */
    private long changeAProduct(ProductProcess p, int id, String name) throws Exception {
        await(p, "/simulator/admin/status", false, s -> s.has("syncId"));
        HttpRequest patch = HttpRequest.newBuilder(uri(p, "/simulator/admin/entities/products/records/" + id))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("name", name).toString()))
                .build();
        HttpResponse<String> answer = http.send(patch, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("rowVersion").asLong();
    }

    private void awaitProductsCursor(ProductProcess p, long rowVersion) throws Exception {
        await(p, "/admin/entities", true, states -> {
            for (JsonNode s : states) {
                if (s.path("entity").asText().equals("products") && s.path("rowVersion").asLong() == rowVersion) {
                    return true;
                }
            }
            return false;
        });
    }

    private JsonNode await(ProductProcess p, String path, boolean admin, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = get(p, path, admin);
                if (done.test(last)) {
                    return last;
                }
            } catch (java.io.IOException notYetUp) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("No answer as expected from " + path + " (last: " + last + "); log:\n" + p.log());
    }

    private JsonNode get(ProductProcess p, String path, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(p, path)).GET();
        if (admin) {
            b.header("Authorization", ADMIN);
        }
        String body = http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    private static URI uri(ProductProcess p, String path) {
        return URI.create("http://localhost:" + p.port + path);
    }
}
