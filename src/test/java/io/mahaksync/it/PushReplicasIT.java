package io.mahaksync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the packaged product on one PostgreSQL database and one inbox folder, both watching the inbox
 * (no leader election): every drop is handled by exactly one of them, and every client id is saved once in
 * Mahak (the simulator, run alone).
 */
class PushReplicasIT {

    @TempDir
    Path work;

    @Test
    void twoReplicasOnOneInboxHandleEachDropExactlyOnce() throws Exception {
        ProductProcess simulator = new ProductProcess(Files.createDirectories(work.resolve("simulator")))
                .with("QUARKUS_PROFILE", "simulator").with("MAHAK_SIMULATOR_RECORDS", "20").start();
        ProductProcess a = null;
        ProductProcess b = null;
        try {
            simulator.awaitOk("/q/health/ready", 120);
            Path inbox = Files.createDirectories(work.resolve("inbox"));
            String run = Long.toString(System.nanoTime());
            Map<String, PushDropsInIt.Ids> drops = new LinkedHashMap<>();
            for (int i = 1; i <= 6; i++) {
                String name = "drop" + i + "-" + run;
                drops.put(name, PushDropsInIt.readyDrop(inbox, name));
            }
            a = replica(work, "a", simulator, inbox).start();
            b = replica(work, "b", simulator, inbox).start();
            for (String name : drops.keySet()) {
                awaitDone(inbox, name, a, b);
            }

            String logs = a.log() + b.log();
            for (Map.Entry<String, PushDropsInIt.Ids> e : drops.entrySet()) {
                String name = e.getKey();
                int inA = count(a.log(), "Drop " + name + " staged");
                int inB = count(b.log(), "Drop " + name + " staged");
                assertThat(inA + inB).as(name + " staged by exactly one replica:\n" + logs).isEqualTo(1);
                assertThat(count(logs, "Drop " + name + " done")).as(name + " finished once").isEqualTo(1);
                assertThat(PushDropsInIt.result(inbox, name, "orderDetails")).hasSize(6)
                        .allMatch(line -> line.startsWith("row,") || line.contains(",sent,"));
            }
            assertThat(logs).doesNotContain("Cannot write").doesNotContain("still pending");
            Map<Long, Integer> people = PushDropsInIt.savedClientIds(simulator.port, "people", "personClientId");
            Map<Long, Integer> orders = PushDropsInIt.savedClientIds(simulator.port, "orders", "orderClientId");
            Map<Long, Integer> details = PushDropsInIt.savedClientIds(simulator.port, "orderDetails",
                    "orderDetailClientId");
            for (PushDropsInIt.Ids ids : drops.values()) {
                assertThat(people).containsEntry(ids.person(), 1);
                assertThat(orders).containsEntry(ids.order(), 1);
                for (long d : ids.details()) {
                    assertThat(details).containsEntry(d, 1);
                }
            }
        } finally {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
            simulator.stop();
        }
    }

    private static ProductProcess replica(Path work, String name, ProductProcess simulator, Path inbox)
            throws IOException {
        String url = System.getProperty("mahak.test.postgresql-url", "jdbc:postgresql://127.0.0.1:5432/test");
        return new ProductProcess(Files.createDirectories(work.resolve("replica-" + name)))
                .with("MAHAK_BASE_URL", "http://localhost:" + simulator.port + "/API/v3")
                .with("MAHAK_ADMIN_ENABLED", "false")
                .with("MAHAK_PULL_ENABLED", "false")
                .with("MAHAK_PUSH_ENABLED", "true")
                .with("MAHAK_PUSH_INBOX", inbox.toString())
                .with("MAHAK_PUSH_INBOX_POLL_MS", "100")
                .with("MAHAK_LEADER_MODE", "none") // both watch the inbox: only the drop claims keep them apart
                .with("MAHAK_TARGET_JDBC_URL", url)
                .with("MAHAK_TARGET_USERNAME", "postgres");
    }

    private static void awaitDone(Path inbox, String drop, ProductProcess a, ProductProcess b) throws Exception {
        Path done = inbox.resolve(".done").resolve(drop);
        String line = "Drop " + drop + " done";
        for (int i = 0; i < 1800 && !(Files.exists(done) && (a.log() + b.log()).contains(line)); i++) {
            Thread.sleep(100);
        }
        assertThat(Files.exists(done)).as(drop + " not done within 180 s:\n--- a\n" + a.log() + "\n--- b\n" + b.log())
                .isTrue();
    }

    private static int count(String log, String text) {
        Matcher m = Pattern.compile(Pattern.quote(text) + "\\b").matcher(log);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

}
