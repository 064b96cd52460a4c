package io.mahaksync.it;

import static org.assertj.core.api.Assertions.assertThat;

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
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS mahak_person, mahak_sync_state, mahak_dead_letter, mahak_schema_history CASCADE");
        }
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
}
