package io.mahaksync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.catalog.EntityCatalog;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start and stop of the packaged product, as a user meets them: the demo is ready in seconds, a
 * SIGTERM ends it in seconds (also in the middle of retries or of a pull), run-once starts no
 * pollers and exits right after its cycle, and a pull cut short by a stop loses nothing. The
 * bounds are generous for a loaded machine (the fixes took 15-18 s starts and 45 s stops down to
 * about a second); the real figures are printed.
 */
class StartStopIT {

    private static final Pattern CAMEL_START = Pattern.compile("started in \\S+ \\(build:\\S+ init:\\S+ start:(\\d+)(m?s)");

    @TempDir
    Path work;

    @Test
    void theDemoIsReadyInSecondsAndStopsWithinSecondsOfSigterm() throws Exception {
        ProductProcess product = new ProductProcess(work).with("QUARKUS_PROFILE", "demo").start();

        double ready = product.awaitOk("/q/health/ready", 180);
        double firstCycle = product.awaitLog("Pull cycle people:", 120) + ready;
        double stop = product.sigterm();

        double camelStart = camelStartSeconds(product.log());
        System.out.printf("demo: ready %.2f s after start (Camel's own start %.2f s), first pull cycle %.2f s; "
                + "stopped %.2f s after SIGTERM%n", ready, camelStart, firstCycle, stop);
        // The three master: routes were started one after another, 5 s apart: 15 s of Camel's start.
        assertThat(camelStart).as("seconds Camel took to start its routes").isLessThan(5);
        assertThat(stop).as("seconds from SIGTERM to exit").isLessThan(10);
        assertThat(product.log()).as("no stack trace").doesNotContain("\tat ");
    }

    @Test
    void aStopDuringRetriesAgainstAnUnreachableMahakEndsTheBackoffWait() throws Exception {
        ProductProcess product = new ProductProcess(work)
                .with("MAHAK_BASE_URL", "http://127.0.0.1:" + closedPort() + "/API/v3")
                .with("MAHAK_SIMULATOR_ENABLED", "false")
                .with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_PUSH_ENABLED", "false")
                // the second wait is 6-10 s: a SIGTERM lands in the middle of one
                .with("MAHAK_RETRY_INITIAL_DELAY_MS", "4000")
                .with("MAHAK_TARGET_JDBC_URL", "jdbc:h2:file:" + work.resolve("target-db")).start();

        product.awaitLog("On delivery attempt: 1", 180);
        double stop = product.sigterm();

        System.out.printf("unreachable Mahak: stopped %.2f s after SIGTERM during a backoff wait%n", stop);
        assertThat(stop).as("seconds from SIGTERM to exit during retries").isLessThan(10);
        // the stop ended the retries, the request did not fail for good: no dead letter, one line that says so
        assertThat(product.log()).contains("Not a dead letter: pull-entities was retrying when the service stopped")
                .contains("ended by the stop").doesNotContain("Kept as dead letter", "Could not keep a dead letter");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + work.resolve("target-db")
                + ";DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE", "sa", "")) {
            assertThat(count(c, "mahak_dead_letter")).as("dead letters after a stop during retries").isZero();
        }
    }

    @Test
    void runOnceStartsNoPollersAndExitsRightAfterItsCycle() throws Exception {
        ProductProcess product = new ProductProcess(work)
                .with("MAHAK_RUN_ONCE", "true")
                .with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_SIMULATOR_ENABLED", "true")
                .with("MAHAK_SIMULATOR_RECORDS", "500")
                .with("MAHAK_TARGET_JDBC_URL", "jdbc:h2:file:" + work.resolve("target-db")).start();

        double complete = product.awaitLog("Run once: cycle complete", 180);
        long t0 = System.nanoTime();
        int exit = product.awaitExit(60);
        double exitAfterCycle = (System.nanoTime() - t0) / 1e9;

        System.out.printf("run-once: cycle complete %.2f s after start, exited %.2f s later (Camel's own start %.2f s)%n",
                complete, exitAfterCycle, camelStartSeconds(product.log()));
        assertThat(exit).as(product.log()).isZero();
        assertThat(product.log()).as("leader-only pollers are not started in run-once mode")
                .doesNotContain("Started pull-timer", "Started push-outbox (", "Started push-csv-inbox");
        assertThat(exitAfterCycle).as("seconds from the end of the cycle to the exit").isLessThan(10);
        assertThat(camelStartSeconds(product.log())).isLessThan(5);
    }

    @Test
    void aStopInTheMiddleOfAPullEndsBetweenPagesAndLosesNothing() throws Exception {
        // AUTO_SERVER: this test reads the file while the second product has it open
        String target = "jdbc:h2:file:" + work.resolve("target-db") + ";AUTO_SERVER=TRUE";
        // One simulated Mahak database across the restart (kept in a file, as the demo does): a new one would
        // rightly stop the pull as a changed source
        String mahak = "jdbc:h2:file:" + work.resolve("mahak-simulator") + ";LAZY_QUERY_EXECUTION=TRUE";
        // Slow pages: the pull takes far longer than the time until the SIGTERM.
        ProductProcess interrupted = new ProductProcess(work)
                .with("MAHAK_RUN_ONCE", "true")
                .with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_SIMULATOR_ENABLED", "true")
                .with("MAHAK_SIMULATOR_RECORDS", "2000")
                .with("MAHAK_PULL_PAGE_SIZE", "25")
                .with("MAHAK_PULL_PROGRESS_INTERVAL_MS", "200")
                .with("MAHAK_SIMULATOR_FAULT_DELAY_FRACTION", "1")
                .with("MAHAK_SIMULATOR_FAULT_DELAY_ENDPOINT", "GetAllData")
                .with("MAHAK_SIMULATOR_FAULT_DELAY_MS", "150")
                .with("MAHAK_SIMULATOR_JDBC_URL", mahak)
                .with("MAHAK_TARGET_JDBC_URL", target).start();
        interrupted.awaitLog("Pulling ", 180);
        double stop = interrupted.sigterm();
        System.out.printf("run-once stopped by SIGTERM in the middle of its pull: exited %.2f s later (code %d)%n", stop,
                interrupted.exitValue());
        assertThat(stop).as("seconds from SIGTERM to exit during a pull").isLessThan(10);
        assertThat(interrupted.exitValue()).as("a cycle cut short is not a success").isNotZero();
        assertThat(interrupted.log()).contains("Run once stopped before its cycle completed")
                .doesNotContain("Run once: cycle complete");

        // The same simulated book (same seed) pulled again: the rows stored before the stop plus the rest
        // are exactly the simulator's, no record missing and none twice.
        Path again = work.resolve("again");
        java.nio.file.Files.createDirectories(again);
        ProductProcess service = new ProductProcess(again)
                .with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_SIMULATOR_ENABLED", "true")
                .with("MAHAK_SIMULATOR_RECORDS", "2000")
                .with("MAHAK_PULL_ENTITIES", "people,products,orders,orderDetails")
                .with("MAHAK_SIMULATOR_JDBC_URL", mahak)
                .with("MAHAK_TARGET_JDBC_URL", target).start();
        try {
            service.awaitLog("Pull cycle orderDetails:", 180);
            JsonNode simulated = new ObjectMapper().readTree(service.get("/simulator/admin/entities").body());
            EntityCatalog catalog = new EntityCatalog();
            try (Connection c = DriverManager.getConnection(target + ";DATABASE_TO_LOWER=TRUE", "sa", "")) {
                for (String entity : List.of("people", "products", "orders", "orderDetails")) {
                    assertThat(count(c, catalog.get(entity).table())).as(entity + " rows after a stop and a restart")
                            .isEqualTo(simulated.path(entity).asLong()).isPositive();
                }
            }
        } finally {
            service.sigterm();
        }
    }

    /** Camel's own start of its routes, from its "started in" line. */
    private static double camelStartSeconds(String log) {
        Matcher m = CAMEL_START.matcher(log);
        assertThat(m.find()).as("Camel's 'started in' line in:\n" + log).isTrue();
        double value = Double.parseDouble(m.group(1));
        return m.group(2).equals("ms") ? value / 1000 : value;
    }

    private static long count(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
