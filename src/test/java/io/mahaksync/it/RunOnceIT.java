package io.mahaksync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mahak.run-once=true} on the packaged product: one full cycle against the built-in
 * simulator, then exit 0; or exit 1 with the reason in the last log line.
 */
class RunOnceIT {

    @TempDir
    Path work;

    @Test
    void oneCycleFillsTheEmbeddedH2TargetAndExitsZero() throws Exception {
        ProductProcess product = new ProductProcess(work)
                .with("MAHAK_RUN_ONCE", "true")
                .with("MAHAK_ADMIN_ENABLED", "false") // as the CronJob runs it: no admin API
                .with("MAHAK_SIMULATOR_ENABLED", "true")
                .with("MAHAK_SIMULATOR_RECORDS", "3000")
                .with("MAHAK_TARGET_JDBC_URL", "jdbc:h2:file:" + work.resolve("target-db")).start();

        assertThat(product.awaitExit(120)).as(product.log()).isZero();
        assertThat(product.log()).contains("Pull cycle people:");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + work.resolve("target-db")
                + ";DATABASE_TO_LOWER=TRUE", "sa", "")) {
            assertThat(count(c, "mahak_person")).isPositive();
            assertThat(count(c, "mahak_order_detail")).isPositive();
            assertThat(count(c, "mahak_sync_state where row_version > 0")).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void theSameBuildFillsPostgreSqlChosenByEnvironmentVariablesAlone() throws Exception {
        String url = System.getProperty("mahak.test.postgresql-url", "jdbc:postgresql://127.0.0.1:5432/test");
        emptyMirror(url);
        ProductProcess product = new ProductProcess(work)
                .with("MAHAK_RUN_ONCE", "true")
                .with("MAHAK_ADMIN_ENABLED", "false") // as the CronJob runs it: no admin API
                .with("MAHAK_SIMULATOR_ENABLED", "true")
                .with("MAHAK_PULL_ENTITIES", "people,products,orders")
                .with("MAHAK_TARGET_JDBC_URL", url)
                .with("MAHAK_TARGET_USERNAME", "postgres").start();

        assertThat(product.awaitExit(120)).as(product.log()).isZero();
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            assertThat(count(c, "mahak_person")).isPositive();
            assertThat(count(c, "mahak_sync_state where row_version > 0")).isEqualTo(3);
        }
    }

    @Test
    void aRunOnceJobBesideTheSimulatorAloneOpensNoHttpPortAndExitsZero() throws Exception {
        // the README's order: the simulator alone, then a run-once job into PostgreSQL on the same port setting
        ProductProcess simulator = new ProductProcess(Files.createDirectories(work.resolve("simulator")))
                .with("QUARKUS_PROFILE", "simulator").start();
        try {
            simulator.awaitOk("/q/health/ready", 120);
            String url = System.getProperty("mahak.test.postgresql-url", "jdbc:postgresql://127.0.0.1:5432/test");
            emptyMirror(url); // each run here meets a new simulated Mahak: a mirror of another one would be stopped
            ProductProcess job = new ProductProcess(work)
                    .with("QUARKUS_HTTP_PORT", String.valueOf(simulator.port)) // taken: a job must not need it
                    .with("MAHAK_BASE_URL", "http://localhost:" + simulator.port + "/API/v3")
                    .with("MAHAK_RUN_ONCE", "true")
                    .with("MAHAK_ADMIN_PASSWORD", "a-password-for-the-job")
                    .with("MAHAK_PULL_ENTITIES", "people")
                    .with("MAHAK_TARGET_JDBC_URL", url)
                    .with("MAHAK_TARGET_USERNAME", "postgres").start();
            assertThat(job.awaitExit(120)).as(job.log()).isZero();
            assertThat(job.log()).contains("Run once: cycle complete").doesNotContain("seems to be in use");
        } finally {
            simulator.stop();
        }
    }

    /**
     * The check a new user ran: a run-once job with push enabled and a ready drop (an order with five details)
     * exits 0, the drop in .done/ with every row in its result files, each client id saved once in Mahak.
     */
    @Test
    void aRunOnceJobSendsAReadyDropCompletelyAndExitsZero() throws Exception {
        ProductProcess simulator = new ProductProcess(Files.createDirectories(work.resolve("simulator")))
                .with("QUARKUS_PROFILE", "simulator").with("MAHAK_SIMULATOR_RECORDS", "20").start();
        try {
            simulator.awaitOk("/q/health/ready", 120);
            Path inbox = Files.createDirectories(work.resolve("inbox"));
            String drop = "drop1-" + System.nanoTime();
            PushDropsInIt.Ids ids = PushDropsInIt.readyDrop(inbox, drop);
            String url = System.getProperty("mahak.test.postgresql-url", "jdbc:postgresql://127.0.0.1:5432/test");
            emptyMirror(url); // each run here meets a new simulated Mahak: a mirror of another one would be stopped
            ProductProcess job = new ProductProcess(work)
                    .with("MAHAK_BASE_URL", "http://localhost:" + simulator.port + "/API/v3")
                    .with("MAHAK_RUN_ONCE", "true")
                    .with("MAHAK_ADMIN_ENABLED", "false")
                    // the push alone: the test database keeps cursors of other simulators, which would stop the pull
                    .with("MAHAK_PULL_ENABLED", "false")
                    .with("MAHAK_PUSH_ENABLED", "true")
                    .with("MAHAK_PUSH_INBOX", inbox.toString())
                    .with("MAHAK_TARGET_JDBC_URL", url)
                    .with("MAHAK_TARGET_USERNAME", "postgres").start();

            assertThat(job.awaitExit(120)).as(job.log()).isZero();
            assertThat(job.log()).contains("Drop " + drop + " done").doesNotContain("Cannot write");
            assertThat(Files.exists(inbox.resolve(drop))).isFalse();
            assertThat(PushDropsInIt.result(inbox, drop, "orderDetails")).hasSize(6).allMatch(line ->
                    line.startsWith("row,") || line.contains(",sent,"));
            assertThat(PushDropsInIt.result(inbox, drop, "orders")).hasSize(2).last().asString().contains(",sent,");
            assertThat(PushDropsInIt.result(inbox, drop, "people")).hasSize(2).last().asString().contains(",sent,");
            assertThat(PushDropsInIt.savedClientIds(simulator.port, "people", "personClientId"))
                    .containsEntry(ids.person(), 1);
            assertThat(PushDropsInIt.savedClientIds(simulator.port, "orders", "orderClientId"))
                    .containsEntry(ids.order(), 1);
            java.util.Map<Long, Integer> details = PushDropsInIt.savedClientIds(simulator.port, "orderDetails",
                    "orderDetailClientId");
            for (long d : ids.details()) {
                assertThat(details).containsEntry(d, 1);
            }
        } finally {
            simulator.stop();
        }
    }


    @Test
    void aRefusedLoginExitsNonZeroWithTheReasonLast() throws Exception {
        ProductProcess product = new ProductProcess(work)
                .with("MAHAK_RUN_ONCE", "true")
                .with("MAHAK_ADMIN_ENABLED", "false") // as the CronJob runs it: no admin API
                .with("MAHAK_SIMULATOR_ENABLED", "true")
                .with("MAHAK_SIMULATOR_PASSWORD", "the-right-one")
                .with("MAHAK_PASSWORD", "a-wrong-one")
                .with("MAHAK_TARGET_JDBC_URL", "jdbc:h2:file:" + work.resolve("target-db")).start();

        assertThat(product.awaitExit(120)).as(product.log()).isEqualTo(1);
        assertThat(product.lastLogLine()).contains("Run once failed", "1002", "mahak.password",
                "mahak.password-hash=plain");
        assertThat(product.log()).doesNotContain("a-wrong-one").doesNotContain("the-right-one");
    }

    private static long count(Connection c, String tableAndCondition) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + tableAndCondition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops every table of the product in the shared PostgreSQL test database: a new user's empty target. */
    static void emptyMirror(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    + "current_schema() AND table_name LIKE 'mahak\\_%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                s.execute("DROP TABLE IF EXISTS \"" + table + "\" CASCADE");
            }
        }
    }
}
