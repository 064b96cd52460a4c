package io.mahaksync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong setting, as a new user makes it, on the packaged product: one line that names it (every
 * bad name at once) is the last thing printed, the exit code is not 0, and no stack trace or retry
 * storm comes first. A target database that refuses the settings is permanent: run-once exits at
 * once; the service stays up, unready, with the reason in health. Checked on H2, PostgreSQL and
 * MariaDB.
 */
class WrongSettingsIT {

    @TempDir
    Path work;

    private ProductProcess product() {
        return new ProductProcess(work)
                .with("MAHAK_SIMULATOR_ENABLED", "true")
                .with("MAHAK_ADMIN_PASSWORD", "an-admin-password")
                .with("MAHAK_TARGET_JDBC_URL", "jdbc:h2:file:" + work.resolve("target-db"));
    }

    @Test
    void anUnsupportedJdbcSchemeIsOneLine() throws Exception {
        ProductProcess p = product().with("MAHAK_TARGET_JDBC_URL", "jdbc:oracle:thin:@erp:1521/x").start();
        assertRefusedToStart(p, "mahak.target.jdbc-url must start with jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:",
                "jdbc:oracle:thin:@erp:1521/x");
    }

    @Test
    void unknownEntitiesAreAllNamedInOneLine() throws Exception {
        ProductProcess p = product().with("MAHAK_PULL_ENTITIES", "people,peeple,products,prodcuts").start();
        assertRefusedToStart(p, "mahak.pull.entities names 2 unknown entities: 'peeple', 'prodcuts'");
    }

    @Test
    void aMissingAdminPasswordIsOneLine() throws Exception {
        ProductProcess p = product().without("MAHAK_ADMIN_PASSWORD").start();
        assertRefusedToStart(p, "mahak.admin.password is not set");
    }

    @Test
    void severalWrongSettingsAreReportedTogether() throws Exception {
        ProductProcess p = product().without("MAHAK_ADMIN_PASSWORD").with("MAHAK_PULL_ENTITIES", "peeple")
                .with("MAHAK_LEADER_MODE", "zookeeper").start();
        assertRefusedToStart(p, "3 settings are wrong", "'peeple'", "mahak.leader.mode", "mahak.admin.password");
    }

    @Test
    void postgresqlRefusingTheLoginEndsRunOnceAtOnce() throws Exception {
        String url = System.getProperty("mahak.test.postgresql-url", "jdbc:postgresql://127.0.0.1:5432/test");
        ProductProcess p = product().with("MAHAK_RUN_ONCE", "true").with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_TARGET_JDBC_URL", url).with("MAHAK_TARGET_USERNAME", "no_such_role_b").start();
        assertRunOnceRefused(p, "check mahak.target.username and mahak.target.password", "no_such_role_b");
    }

    @Test
    void anUnknownPostgresqlDatabaseEndsRunOnceAtOnce() throws Exception {
        String url = System.getProperty("mahak.test.postgresql-url", "jdbc:postgresql://127.0.0.1:5432/test");
        ProductProcess p = product().with("MAHAK_RUN_ONCE", "true").with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_TARGET_JDBC_URL", url.replaceAll("/[^/?]*(\\?.*)?$", "/no_such_database_b"))
                .with("MAHAK_TARGET_USERNAME", "postgres").start();
        assertRunOnceRefused(p, "the database named in mahak.target.jdbc-url does not exist", "no_such_database_b");
    }

    @Test
    void anUnknownMariaDbDatabaseEndsRunOnceAtOnce() throws Exception {
        String url = System.getProperty("mahak.test.mariadb-url", "jdbc:mariadb://127.0.0.1:3306/test");
        ProductProcess p = product().with("MAHAK_RUN_ONCE", "true").with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_TARGET_JDBC_URL", url.replaceAll("/[^/?]*(\\?.*)?$", "/no_such_database_b"))
                .with("MAHAK_TARGET_USERNAME", "root").start();
        assertRunOnceRefused(p, "the database named in mahak.target.jdbc-url does not exist", "no_such_database_b");
    }

    @Test
    void aWrongMariaDbPasswordEndsRunOnceAtOnce() throws Exception {
        String url = System.getProperty("mahak.test.mariadb-url", "jdbc:mariadb://127.0.0.1:3306/test");
        ProductProcess p = product().with("MAHAK_RUN_ONCE", "true").with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_TARGET_JDBC_URL", url).with("MAHAK_TARGET_USERNAME", "root")
                .with("MAHAK_TARGET_PASSWORD", "not-roots-password").start();
        assertRunOnceRefused(p, "check mahak.target.username and mahak.target.password");
        assertThat(p.log()).doesNotContain("not-roots-password");
    }

    @Test
    void anUnknownHostEndsRunOnceAtOnce() throws Exception {
        ProductProcess p = product().with("MAHAK_RUN_ONCE", "true").with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_TARGET_JDBC_URL", "jdbc:postgresql://no-such-host.invalid:5432/erp").start();
        assertRunOnceRefused(p, "the host in mahak.target.jdbc-url is unknown");
    }

    @Test
    void anH2FileRefusingThePasswordKeepsTheServiceUpUnreadyWithTheReason() throws Exception {
        // An H2 file database that already belongs to another user/password.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + work.resolve("target-db")
                + ";DATABASE_TO_LOWER=TRUE", "erp", "erp-secret")) {
            c.createStatement().execute("CREATE TABLE t (id INT)");
        }
        // the admin API is off here, so health shows its details to anyone (an operator would use admin credentials)
        ProductProcess p = product().with("MAHAK_TARGET_USERNAME", "sa").with("MAHAK_TARGET_PASSWORD", "wrong-one")
                .with("MAHAK_OPS_DETAILS_NEED_ADMIN", "false").start();
        try {
            long t0 = System.nanoTime();
            ProductProcess.HttpResult ready = p.get("/q/health/ready");
            while (!ready.body().contains("configurationError") && System.nanoTime() - t0 < 120_000_000_000L) {
                Thread.sleep(200);
                ready = p.get("/q/health/ready");
            }
            assertThat(ready.status()).as(ready.body()).isEqualTo(503);
            assertThat(ready.body()).contains("mahak-target-database", "configurationError",
                    "check mahak.target.username and mahak.target.password").doesNotContain("wrong-one");
            Thread.sleep(3000); // a few polls of the outbox and the pull timer meet the refusal
            assertThat(p.log()).as("the refusal is logged once, without retries or stack traces")
                    .doesNotContain("\tat ", "On delivery attempt");
            assertThat(occurrences(p.log(), "TargetDatabase] ")).as("the refusal logged: " + p.log()).isEqualTo(1);
        } finally {
            p.sigterm();
        }
    }

    private static void assertRefusedToStart(ProductProcess p, String... reason) throws Exception {
        int exit = p.awaitExit(180);
        System.out.printf("wrong setting: exit %d after %.1f s, %d log lines; last: %s%n", exit, p.uptime(),
                p.log().strip().split("\\R").length, p.lastLogLine());
        assertThat(exit).as(p.log()).isNotZero();
        assertThat(p.lastLogLine()).as(p.log()).contains(reason);
        assertThat(p.log()).as("no stack trace").doesNotContain("\tat ", "Caused by");
        assertThat(p.log()).as("nothing started").doesNotContain("Routes startup");
    }

    private static void assertRunOnceRefused(ProductProcess p, String... reason) throws Exception {
        int exit = p.awaitExit(180);
        System.out.printf("refused target: exit %d after %.1f s; last: %s%n", exit, p.uptime(), p.lastLogLine());
        assertThat(exit).as(p.log()).isEqualTo(1);
        assertThat(p.lastLogLine()).as(p.log()).contains("Run once failed").contains(reason);
        assertThat(p.log()).as("not retried as transient").doesNotContain("On delivery attempt", "\tat ");
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
