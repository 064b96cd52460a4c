package io.mahaksync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mahaksync.ops.leader.DatabaseLeaseClusterService;
import io.mahaksync.ops.leader.LeaderOnlyComponent;
import io.mahaksync.ops.leader.LeaseTable;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.testsupport.MariaDbTarget;
import io.mahaksync.testsupport.PostgresTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two Camel contexts in one JVM play two replicas on one real database: a {@code master:} timer
 * route runs on exactly one of them, and the other takes over when the leader stops or vanishes.
 */
class OpsLeaderElectionTest {

    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration RENEW = Duration.ofMillis(250);

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void onlyTheLeaderWorksAndTheStandbyTakesOverWhenItStops(String database) throws Exception {
        LeaseTable table = leaseTable(database);
        String namespace = "ops-test-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();

        DefaultCamelContext a = replica("node-a", table, namespace, ticks, concurrent, maxConcurrent);
        DefaultCamelContext b = replica("node-b", table, namespace, ticks, concurrent, maxConcurrent);
        try {
            a.start();
            b.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> count(ticks, "node-a") + count(ticks, "node-b") >= 5);
            String leader = count(ticks, "node-a") > 0 ? "node-a" : "node-b";
            String standby = leader.equals("node-a") ? "node-b" : "node-a";

            // For a few lease renewals, the standby does nothing while the leader keeps working.
            int standbyBefore = count(ticks, standby);
            int leaderBefore = count(ticks, leader);
            Thread.sleep(LEASE.toMillis() + 500);
            assertThat(count(ticks, standby)).as("ticks on the standby").isEqualTo(standbyBefore).isZero();
            assertThat(count(ticks, leader)).as("ticks on the leader").isGreaterThan(leaderBefore);
            assertThat(table.find(namespace)).get().extracting(LeaseTable.Lease::holder).isEqualTo(leader);

            // The leader stops cleanly: it releases the lease and the standby takes over.
            (leader.equals("node-a") ? a : b).stop();
            int leaderFinal = count(ticks, leader);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(ticks, standby) >= 3);
            assertThat(count(ticks, leader)).isEqualTo(leaderFinal);
            assertThat(table.find(namespace)).get().extracting(LeaseTable.Lease::holder).isEqualTo(standby);
            assertThat(maxConcurrent.get()).as("replicas working at the same instant").isEqualTo(1);
        } finally {
            a.stop();
            b.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aVanishedLeadersLeaseIsTakenOverOnlyAfterItExpires(String database) throws Exception {
        LeaseTable table = leaseTable(database);
        String namespace = "ops-test-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        // A replica that crashed a moment ago: its lease is still valid for 1.5 s, and nobody releases it.
        assertThat(table.tryAcquire(namespace, "crashed-pod", now, 1500)).isTrue();
        assertThat(table.tryAcquire(namespace, "node-a", now + 10, 2000)).as("a held lease is not taken").isFalse();

        Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();
        DefaultCamelContext a = replica("node-a", table, namespace, ticks, new AtomicInteger(), new AtomicInteger());
        try {
            a.start();
            Thread.sleep(700);
            assertThat(count(ticks, "node-a")).as("no work while the old lease is valid").isZero();
            await().atMost(Duration.ofSeconds(8)).until(() -> count(ticks, "node-a") >= 2);
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(now + 1500);
            assertThat(table.find(namespace)).get().extracting(LeaseTable.Lease::holder).isEqualTo("node-a");
        } finally {
            a.stop();
        }
    }

    private static DefaultCamelContext replica(String node, LeaseTable table, String namespace,
            Map<String, AtomicInteger> ticks, AtomicInteger concurrent, AtomicInteger maxConcurrent) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(node);
        context.addService(new DatabaseLeaseClusterService(table, node, LEASE, RENEW));
        context.addComponent("master", new LeaderOnlyComponent()); // the product's master: component
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:" + namespace + ":timer:work?period=100").routeId("work-" + node).process(exchange -> {
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    try {
                        ticks.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
                        Thread.sleep(20);
                    } finally {
                        concurrent.decrementAndGet();
                    }
                });
            }
        });
        return context;
    }

    private static int count(Map<String, AtomicInteger> ticks, String node) {
        AtomicInteger n = ticks.get(node);
        return n == null ? 0 : n.get();
    }

    private static LeaseTable leaseTable(String database) throws Exception {
        DataSource ds;
        SqlDialect dialect;
        if (database.equals("postgresql")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(PostgresTarget.url());
            pg.setUser(System.getProperty("mahak.test.postgresql-user", "postgres"));
            ds = pg;
            dialect = SqlDialect.POSTGRESQL;
        } else {
            MariaDbDataSource maria = new MariaDbDataSource(MariaDbTarget.url());
            maria.setUser("root");
            maria.setPassword("");
            ds = maria;
            dialect = SqlDialect.MARIADB;
        }
        // The app creates the table through migration V30; a bare database gets the same DDL here.
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "mahak_lease", null)) {
            if (!rs.next()) {
                OpsMigrations.createLeaseTable(s, dialect);
            }
        }
        return new LeaseTable(ds, dialect);
    }
}
