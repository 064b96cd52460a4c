package io.mahaksync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tried as a new user would: the simulator run alone as strict as the live service (currentVisitorId
 * required, the Login visitor given half of the people and products), and the packaged product pulling from
 * it once with its defaults. The mirror holds exactly that visitor's products, the log says which entities
 * came back empty and why, and the simulator's request log shows V1 paths and the visitor.
 */
class VisitorScopedPullIT {

    @TempDir
    Path work;

    @Test
    void theMirrorHoldsTheVisitorsProductsAndTheLogsSayWhy() throws Exception {
        ProductProcess simulator = new ProductProcess(Files.createDirectories(work.resolve("simulator")))
                .with("QUARKUS_PROFILE", "simulator")
                .with("MAHAK_SIMULATOR_RECORDS", "1000")
                .with("MAHAK_SIMULATOR_REQUIRE_VISITOR", "true")
                .with("MAHAK_SIMULATOR_VISITOR_SHARE", "0.5").start();
        try {
            String simulatorUrl = "http://localhost:" + simulator.port;
            awaitUp(simulatorUrl + "/simulator/admin/status", simulator);
            Path db = work.resolve("target-db");
            ProductProcess product = new ProductProcess(Files.createDirectories(work.resolve("product")))
                    .with("MAHAK_BASE_URL", simulatorUrl + "/API/v3")
                    .with("MAHAK_SIMULATOR_ENABLED", "false")
                    .with("MAHAK_RUN_ONCE", "true")
                    .with("MAHAK_ADMIN_ENABLED", "false")
                    .with("MAHAK_TARGET_JDBC_URL", "jdbc:h2:file:" + db).start();

            assertThat(product.awaitExit(180)).as(product.log()).isZero();
            String log = product.log();
            assertThat(log).contains("Logged in to Mahak as 'demo' (database 1, visitor 3 from Login)");
            assertThat(log).contains("cheques is empty after its first full sync: this Mahak database has no "
                    + "cheques records", "this is normal, not an error");
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db + ";DATABASE_TO_LOWER=TRUE", "sa",
                    "")) {
                assertThat(ints(c, "SELECT product_detail_id FROM mahak_product_detail"))
                        .isEqualTo(range(1, 50));
                Set<Integer> productsOfTheDetails = ints(c, "SELECT DISTINCT product_id FROM mahak_product_detail");
                assertThat(ints(c, "SELECT product_id FROM mahak_product")).isEqualTo(productsOfTheDetails);
                assertThat(ints(c, "SELECT person_id FROM mahak_person")).isEqualTo(range(1, 50));
                assertThat(ints(c, "SELECT DISTINCT visitor_id FROM mahak_visitor_product")).containsExactly(3);
            }

            String requests = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulatorUrl
                    + "/simulator/admin/requests")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(requests).contains("\"path\":\"/API/v3/Sync/Login\"",
                    "\"path\":\"/API/v3/Sync/GetAllData\"", "\"currentVisitorId\":3")
                    .doesNotContain("GetAllDataV2", "LoginV2");
        } finally {
            simulator.stop();
        }
    }

    private static void awaitUp(String url, ProductProcess process) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 240; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYetUp) {
                // starting
            }
            Thread.sleep(Duration.ofMillis(500).toMillis());
        }
        throw new AssertionError("The simulator did not start:\n" + process.log());
    }

    private static Set<Integer> ints(Connection c, String sql) throws Exception {
        Set<Integer> out = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> out = new TreeSet<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
