package io.mahaksync.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mahaksync.simulator.fault.FaultKind;
import io.mahaksync.targetdb.DeadLetterStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/** The push scenarios with an H2 target, plus faults in the middle of a push, the file poller, replay, uploads and a 100,000-row drop. */
@QuarkusTest
@TestProfile(PushProfiles.H2.class)
class PushH2Test extends PushScenarios {

    @Inject
    DeadLetterStore deadLetters;
    @Inject
    PushReplay replay;

    static String people(long first, int count) {
        StringBuilder sb = new StringBuilder("personClientId,firstName,lastName\n");
        for (int i = 0; i < count; i++) {
            sb.append(first + i).append(",نام ").append(i).append(",خانوادگی\n");
        }
        return sb.toString();
    }

    @Test
    void rateLimitAndServerErrorInTheMiddleOfAPushAreRetriedWithoutDuplicates() throws Exception {
        long first = IDS.getAndAdd(1300) + 1;
        String name = "faults-" + first;
        Path dir = drop(name, Map.of("people.csv", people(first, 1200)));
        ready(dir);
        AtomicInteger batchesDone = new AtomicInteger();
        AdviceWith.adviceWith(producer.getCamelContext(), "push-batch", a -> a.weaveById("push-record-results").after()
                .process(e -> {
                    if (batchesDone.incrementAndGet() == 1) {
                        // the second request meets a 429 (Retry-After 1 s), then a 500, then goes through
                        simulator.fault(FaultKind.RATE_LIMIT, 0, 1, "SaveAllData", 1);
                        simulator.fault(FaultKind.SERVER_ERROR, 0, 1, "SaveAllData", 0);
                    }
                }));
        try {
            simulator.clearRequestLog();
            long started = System.nanoTime();
            runOnce();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("Retry-After honoured")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        } finally {
            simulator.resetBehaviour();
        }
        assertThat(batchesDone.get()).isEqualTo(3);
        List<Integer> saveStatuses = simulator.requestLog().stream().filter(r -> r.path().contains("SaveAllData"))
                .map(r -> r.status()).toList();
        assertThat(saveStatuses).containsExactly(200, 429, 500, 200, 200);
        List<String> lines = result(name, "people");
        assertThat(lines).hasSize(1201);
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.contains(",sent,"));
        Set<Long> saved = new HashSet<>();
        simulator.saved("people").forEach(p -> {
            long cid = p.path("personClientId").asLong();
            if (cid >= first && cid < first + 1200) {
                assertThat(saved.add(cid)).as("one record per client id " + cid).isTrue();
            }
        });
        assertThat(saved).hasSize(1200);
    }

    @Test
    void theInboxPollerReadsADropOnlyOnceItIsReady() throws Exception {
        long id = nextId();
        String name = "polled-" + id;
        Path dir = drop(name, Map.of("people.csv", people(id, 1)));
        producer.getCamelContext().getRouteController().startRoute("push-csv-inbox");
        try {
            NotifyBuilder polled = new NotifyBuilder(producer.getCamelContext()).fromRoute("push-csv-inbox")
                    .whenCompleted(1).create();
            Thread.sleep(1000);
            assertThat(polled.matches()).as("a drop without _READY is not read").isFalse();
            assertThat(Files.exists(dir.resolve("people.csv"))).isTrue();
            ready(dir);
            assertThat(polled.matches(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox().resolve(".done").resolve(name)));
            assertThat(result(name, "people").get(1)).startsWith("2," + id + ",sent,");
            assertThat(Files.exists(inbox().resolve(".done").resolve(name).resolve("people.csv")))
                    .as("nothing is deleted").isTrue();
        } finally {
            producer.getCamelContext().getRouteController().stopRoute("push-csv-inbox");
        }
    }

    @Test
    void theOutboxPollerWaitsForAPartialBatchThenSendsItWhole() throws Exception {
        runOnce(); // nothing else pending
        // the poller runs first (starting a master: route takes a moment), then the ERP writes two rows
        producer.getCamelContext().getRouteController().startRoute("push-outbox");
        try {
            long first = insertOutbox("people", nextId(), "{\"firstName\":\"صف ۱\"}");
            long inserted = System.nanoTime();
            // the second row arrives while the first waits for company (well within mahak.push.batch-wait)
            Thread.sleep(50);
            long second = insertOutbox("people", nextId(), "{\"firstName\":\"صف ۲\"}");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "sent".equals(outboxRow(first).get("status")) && "sent".equals(outboxRow(second).get("status")));
            assertThat(Duration.ofNanos(System.nanoTime() - inserted)).as("a partial batch waits mahak.push.batch-wait")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(outboxRow(first).get("batch_id")).as("both rows travel in one request")
                    .isEqualTo(outboxRow(second).get("batch_id"));
        } finally {
            producer.getCamelContext().getRouteController().stopRoute("push-outbox");
        }
    }

    @Test
    void aRejectedRecordGoesToTheDeadLetterStoreAndCanBeReplayedCorrected() throws Exception {
        long clientId = nextId();
        long row = insertOutbox("people", clientId, "{\"firstName\":\"گروه ناشناس\",\"personGroupId\":987654321}");
        runOnce();
        Map<String, Object> rejected = outboxRow(row);
        assertThat(rejected.get("status")).isEqualTo("rejected");
        assertThat(asLong(rejected.get("error_code"))).isEqualTo(2001);
        DeadLetterStore.DeadLetter dl = deadLetters.list(DeadLetterStore.WAITING, PushResults.FLOW, 100).stream()
                .filter(d -> ("outbox:" + row).equals(d.reference())).findFirst().orElseThrow();
        assertThat(dl.errorCode()).isEqualTo(2001);
        assertThat(dl.payload()).contains("987654321");

        assertThat(replay.replay(dl.id(), "{\"firstName\":\"گروه درست\",\"personClientId\":" + clientId + "}"))
                .isEqualTo(row);
        runOnce();
        assertThat(outboxRow(row).get("status")).isEqualTo("sent");
        assertThat(deadLetters.find(dl.id()).orElseThrow().status()).isEqualTo(DeadLetterStore.REPLAYED);
        assertThat(savedWithClientId("people", "personClientId", clientId)).hasSize(1)
                .allSatisfy(p -> assertThat(p.path("firstName").asText()).isEqualTo("گروه درست"));
    }

    @Test
    void aDropUploadsItsAttachmentsAfterItsRecords() throws Exception {
        long picture = nextId();
        String name = "uploads-" + picture;
        Path dir = drop(name, Map.of(
                "pictures.csv", "pictureClientId,fileName,title\n" + picture + ",tea.png,چای\n",
                "uploads.csv", "fileName,pictureClientId,entity,entityClientId\n"
                        + "tea.png," + picture + ",products,5\n"
                        + "new.png,,,\n"
                        + "missing.png,,,\n"));
        Files.write(dir.resolve("tea.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.write(dir.resolve("new.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 4});
        ready(dir);
        runOnce();
        List<String> uploads = result(name, "uploads");
        long pictureId = savedWithClientId("pictures", "pictureClientId", picture).get(0).path("pictureId").asLong();
        assertThat(uploads.get(1)).startsWith("2," + picture + ",sent," + pictureId + ",");
        assertThat(uploads.get(2)).startsWith("3,0,sent,");
        assertThat(uploads.get(3)).startsWith("4,0,rejected,").contains("no file missing.png");
        assertThat(simulator.record("pictures", (int) pictureId).orElseThrow().path("fileSize").asInt()).isEqualTo(7);
    }

    @Test
    void aDropOfManyBatchesIsStreamedThroughWhole() throws Exception {
        // 40 batches of mahak.push.batch-size (500); the 100,000-row figure is the benchmark's (bench/run.sh)
        int rows = 20_000;
        long first = IDS.getAndAdd(rows + 10) + 1;
        String name = "big-" + first;
        Path dir = inbox().resolve(name);
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("people.csv"), StandardCharsets.UTF_8)) {
            w.write("personClientId,firstName,lastName,credit\n");
            for (int i = 0; i < rows; i++) {
                w.write((first + i) + ",نام " + i + ",خانوادگی," + (i % 1000) + "\n");
            }
        }
        ready(dir);
        simulator.clearRequestLog();
        long started = System.nanoTime();
        runOnce();
        long simulatorMs = simulator.requestLog().stream().filter(r -> r.path().contains("SaveAllData"))
                .mapToLong(r -> r.durationMs()).sum();
        System.out.printf("%,d-row drop pushed in %d s, of which the simulator took %d s%n", rows,
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), simulatorMs / 1000);
        Path results = inbox().resolve(".done").resolve(name).resolve("people.result.csv");
        long sent;
        long lines;
        try (Stream<String> s = Files.lines(results, StandardCharsets.UTF_8)) {
            lines = s.count();
        }
        try (Stream<String> s = Files.lines(results, StandardCharsets.UTF_8)) {
            sent = s.filter(l -> l.contains(",sent,")).count();
        }
        assertThat(lines).isEqualTo(rows + 1);
        assertThat(sent).isEqualTo(rows);
        assertThat(query("SELECT COUNT(*) AS n FROM mahak_id_map WHERE entity = 'people' AND client_id >= ? AND client_id < ?",
                first, first + rows).get(0).get("n")).isEqualTo((long) rows);
    }

    @Test
    void theReadmeSampleDropIsSentWithItsOneBadRowReported() throws Exception {
        Path sample = Path.of("samples", "drop-example");
        Path dir = inbox().resolve("sample-" + nextId());
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(sample)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        assertThat(Files.exists(dir.resolve(PushDrops.READY))).as("_READY is not part of the sample").isFalse();
        ready(dir);
        runOnce();
        String name = dir.getFileName().toString();
        assertThat(result(name, "people")).containsExactly(PushDrops.RESULT_HEADER,
                result(name, "people").get(1), result(name, "people").get(2),
                "4,,invalid,,,credit: 'not-a-number' is not a valid double; personClientId is required");
        assertThat(result(name, "people").subList(1, 3)).allMatch(l -> l.contains(",sent,"));
        assertThat(result(name, "orders").subList(1, 3)).allMatch(l -> l.contains(",sent,"));
        assertThat(result(name, "orderDetails").subList(1, 4)).allMatch(l -> l.contains(",sent,"));
        assertThat(savedWithClientId("people", "personClientId", 1002).get(0).path("firstName").asText())
                .isEqualTo("سارا، خانم");
    }
}
