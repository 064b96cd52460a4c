package io.mahaksync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.feed.ErpApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged product with the README's HTTP change-feed recipe in a routes folder, killed with
 * SIGKILL while a batch is on its way to a slow ERP API, then started again: every change the pull
 * committed reached the API at least once, and none was skipped.
 */
class ChangeFeedKillIT {

    @TempDir
    Path work;

    @Test
    void aKillDuringASendLosesNoChange() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.copy(Path.of("recipes", "change-feed-http.camel.yaml"), routes.resolve("change-feed-http.camel.yaml"));
        String targetUrl = "jdbc:h2:file:" + work.resolve("target-db") + ";AUTO_SERVER=TRUE";
        try (ErpApi api = new ErpApi()) {
            api.pause(Duration.ofSeconds(2)); // each batch takes its time: the kill lands while one is being sent
            ProductProcess product = product(routes, targetUrl, api).start();
            try {
                awaitTrue(() -> api.accepted().size() >= 1 && api.inFlight() == 1, 120, product);
            } finally {
                product.kill();
            }
            int acceptedBeforeKill = api.accepted().size();

            api.pause(Duration.ZERO);
            ProductProcess again = product(routes, targetUrl, api).start();
            try {
                awaitTrue(() -> cursorIsNewest(targetUrl), 120, again);
                assertThat(posted(api)).as("every committed change reached the API").containsAll(mirror(targetUrl));
                // the batch cut off by the kill came again after the restart: at least once, not at most once
                List<String> keys = api.accepted().stream().map(ErpApi.Received::idempotencyKey).toList();
                assertThat(keys).as("batches posted, by their key").hasSizeGreaterThan(new HashSet<>(keys).size());
                assertThat(api.accepted().size()).isGreaterThan(acceptedBeforeKill);
            } finally {
                again.stop();
            }
        }
    }

    private ProductProcess product(Path routes, String targetUrl, ErpApi api) {
        return new ProductProcess(work)
                .with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_PUSH_ENABLED", "false")
                .with("MAHAK_SIMULATOR_ENABLED", "true")
                .with("MAHAK_SIMULATOR_RECORDS", "3000")
                .with("MAHAK_PULL_ENTITIES", "people")
                .with("MAHAK_TARGET_JDBC_URL", targetUrl)
                .with("CAMEL_MAIN_ROUTES_INCLUDE_PATTERN", "classpath:routes/*.camel.yaml,file:" + routes + "/*.camel.yaml")
                .with("ERP_API_PEOPLE_URL", api.url());
    }

    /** person id:row version of every record of the API's accepted batches. */
    private static Set<String> posted(ErpApi api) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Set<String> versions = new HashSet<>();
        for (ErpApi.Received r : api.accepted()) {
            for (JsonNode n : json.readTree(r.body())) {
                versions.add(n.get("personId").asInt() + ":" + n.get("rowVersion").asLong());
            }
        }
        return versions;
    }

    private static Set<String> mirror(String url) throws Exception {
        Set<String> versions = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url + ";DATABASE_TO_LOWER=TRUE", "sa", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT person_id, row_version FROM mahak_person")) {
            while (rs.next()) {
                versions.add(rs.getInt(1) + ":" + rs.getLong(2));
            }
        }
        assertThat(versions).as("people mirrored").hasSizeGreaterThan(100);
        return versions;
    }

    /** The subscriber's cursor is at the newest row the pull stored, and the pull has caught up. */
    private static boolean cursorIsNewest(String url) {
        try (Connection c = DriverManager.getConnection(url + ";DATABASE_TO_LOWER=TRUE", "sa", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT "
                        + "(SELECT MAX(row_version) FROM mahak_person), "
                        + "(SELECT row_version FROM mahak_subscription WHERE subscriber = 'erp-api'), "
                        + "(SELECT last_success_at FROM mahak_sync_state WHERE entity = 'people')")) {
            return rs.next() && rs.getObject(3) != null && rs.getLong(1) > 0 && rs.getLong(1) == rs.getLong(2);
        } catch (Exception notYet) {
            return false;
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check, long seconds, ProductProcess product) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + seconds + " s; the product's log:\n" + product.log());
            }
            Thread.sleep(100);
        }
    }
}
