package io.mahaksync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark (bench/run.sh): one machine, one run, the simulator alone on loopback, PostgreSQL as target.
 * Prints one line per figure with its target beside it. Not a unit test: run it on purpose.
 *
 * <pre>
 * --records N        records seeded and pulled (default 1000000)
 * --naive-records N  records the hand-written route writes (default 3000; its rate is what counts)
 * --delta-samples N  changes timed in the delta figure (default 20)
 * --jdbc-url URL     PostgreSQL target database, emptied first (default jdbc:postgresql://127.0.0.1:5432/bench_dev)
 * --user NAME        its user (default postgres; trust authentication, no password)
 * --simulator-http1  the simulator refuses HTTP/2 (h2c), so the product's client talks HTTP/1.1 to it
 * --push-rows N      rows of the pushed CSV drop, a fifth orders and four fifths details (default 100000)
 * --push-batch-size N  mahak.push.batch-size of the pushing product (default: the product's own default)
 * --push-only        seed the simulator and measure the push alone (no pull, bare JDBC, naive route or delta figure)
 * --start-only       measure start and stop alone: start-up to ready and to the first page stored, stop after SIGTERM
 * --start-runs N     runs of the start and stop figure (default 3)
 * --profile          record JFR in the product and the simulator during the initial pull and the push; print where time goes
 * --work DIR         logs and recordings (default target/bench)
 * </pre>
 */
public final class PullBenchmark {

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Options o;
    private final TargetDb target;
    private SimulatorProcess simulator;
    private double pullRate;

    private PullBenchmark(Options o) {
        this.o = o;
        this.target = new TargetDb(o.jdbcUrl, o.user);
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Files.createDirectories(o.work);
        new PullBenchmark(o).run();
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf("machine: %d cores, Java %s; target %s; %d records%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), o.jdbcUrl.replaceAll("\\?.*", ""), o.records);
        long t0 = System.nanoTime();
        simulator = new SimulatorProcess(o.work, 42, o.records, o.records > 300_000 ? "1500m" : "512m");
        if (o.simulatorHttp1) {
            simulator.process.option("-Dquarkus.http.http2=false");
        }
        simulator.start();
        System.out.printf("simulator: seeded %d records in %.1f s (not a figure; setup)%n", simulator.totalRecords(),
                (System.nanoTime() - t0) / 1e9);
        target.ensureDatabase();
        target.wipe();
        try {
            if (o.startOnly) {
                startAndStop();
                return;
            }
            if (!o.pushOnly) {
                initialPull();
                bareJdbc();
                if (o.pullOnly) {
                    return;
                }
                naiveRoute();
                deltaAndStartup();
                target.wipe();
                startAndStop();
            }
            push();
        } finally {
            simulator.process.kill9();
        }
    }

    /** Figure 1: a first sync of every record, run-once, -Xmx256m; rate, peak heap, peak RSS. */
    private void initialPull() throws Exception {
        Path gcLog = o.work.resolve("pull-gc.log");
        Files.deleteIfExists(gcLog);
        JvmProcess product = product("pull").option("-Xlog:gc:file=" + gcLog).env("MAHAK_RUN_ONCE", true);
        Path productJfr = o.work.resolve("pull-product.jfr");
        Path simulatorJfr = o.work.resolve("pull-simulator.jfr");
        if (o.profile) {
            product.option("-XX:StartFlightRecording=filename=" + productJfr + ",settings=profile");
            jcmd(simulator.process.pid(), "JFR.start", "name=bench", "settings=profile");
        }
        product.start();
        long peakRssKb = 0;
        long startedNanos = 0;
        while (product.alive()) {
            peakRssKb = Math.max(peakRssKb, product.memoryKb("VmHWM"));
            if (startedNanos == 0 && product.log().contains(" started in ")) {
                startedNanos = System.nanoTime();
            }
            JvmProcess.sleep(200);
        }
        long endNanos = System.nanoTime();
        Integer exit = product.awaitExit(Duration.ofSeconds(10));
        if (exit == null || exit != 0) {
            throw new IllegalStateException("The initial pull failed (exit " + exit + "):\n" + product.tail(15));
        }
        if (startedNanos == 0) {
            startedNanos = product.startedAtNanos();
        }
        long stored = 0;
        for (String entity : simulator.counts().keySet()) {
            stored += target.count(TargetDb.entity(entity).table());
        }
        double seconds = (endNanos - startedNanos) / 1e9;
        pullRate = stored / seconds;
        System.out.printf("initial pull: %,d records in %.1f s = %,.0f records/s (from the product's start-up to its "
                + "exit, start-up excluded); peak heap %d MB, peak RSS %d MB with -Xmx256m (target: completes: met)%n",
                stored, seconds, pullRate, peakHeapMb(gcLog), peakRssKb / 1024);
        if (stored != simulator.totalRecords()) {
            System.out.printf("  WARNING: the target holds %,d rows, the simulator %,d%n", stored, simulator.totalRecords());
        }
        if (o.profile) {
            jcmd(simulator.process.pid(), "JFR.dump", "name=bench", "filename=" + simulatorJfr);
            jcmd(simulator.process.pid(), "JFR.stop", "name=bench");
            JfrSummary.print("of the product during the initial pull", productJfr, 12);
            JfrSummary.print("of the simulator during the initial pull", simulatorJfr, 12);
        }
    }

    /** Figure 1b: the same rows, the same upsert, nothing but JDBC batches. */
    private void bareJdbc() throws Exception {
        List<String> entities = new ArrayList<>(simulator.counts().keySet());
        double[] r = new BareJdbcUpsert(target, 500, 1000).run(entities);
        double rate = r[0] / r[1];
        System.out.printf("bare JDBC batched upsert: %,.0f rows in %.1f s = %,.0f rows/s; pull / bare JDBC = %.2f "
                + "(target >= 0.6: %s)%n", r[0], r[1], rate, pullRate / rate, pullRate / rate >= 0.6 ? "met" : "NOT met");
    }

    /** Figure 1c: the hand-written route, split + one jdbc insert per record. */
    private void naiveRoute() throws Exception {
        NaiveCamelRoute naive = new NaiveCamelRoute(target, simulator);
        double[] r = naive.run(o.naiveRecords, 1000);
        naive.dropTable();
        double rate = r[0] / r[1];
        System.out.printf("naive Camel route (split, one jdbc upsert per record, people): %,.0f records in %.1f s = "
                + "%,.0f records/s; pull / naive = %.1f (target >= 10: %s)%n", r[0], r[1], rate, pullRate / rate,
                pullRate / rate >= 10 ? "met" : "NOT met");
    }

    /** Figures 2 and 4: the service running at a 1 s interval; change-to-row latency; start-up; idle RSS. */
    private void deltaAndStartup() throws Exception {
        JvmProcess product = product("delta").env("MAHAK_PULL_INTERVAL", "PT1S").env("MAHAK_PULL_TICK_MS", 250);
        product.start();
        double firstRequest = product.awaitHttp("/q/health/live", Duration.ofMinutes(2));
        JvmProcess.sleep(5000); // the first cycle over the caught-up target
        int people = simulator.counts().get("people").intValue();
        Random random = new Random(7);
        List<Double> latencies = new ArrayList<>();
        try (Connection c = target.connect()) {
            for (int i = 0; i < o.deltaSamples; i++) {
                int id = 1 + random.nextInt(people);
                long changedAt = System.nanoTime();
                long rowVersion = simulator.update("people", id, SimulatorProcess.JSON.createObjectNode()
                        .put("comment", "bench change " + i));
                while (target.rowVersion(c, "people", id) < rowVersion) {
                    if (System.nanoTime() - changedAt > 60e9) {
                        throw new IllegalStateException("A change did not reach the target within 60 s:\n" + product.tail(15));
                    }
                    JvmProcess.sleep(10);
                }
                latencies.add((System.nanoTime() - changedAt) / 1e9);
                JvmProcess.sleep(200 + random.nextInt(1000));
            }
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p95 = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
        System.out.printf("delta pull at a 1 s interval: p50 %.2f s, p95 %.2f s, max %.2f s over %d changes "
                + "(target p95 < 2 s: %s)%n", sorted[sorted.length / 2], p95, sorted[sorted.length - 1], sorted.length,
                p95 < 2 ? "met" : "NOT met");
        JvmProcess.sleep(10_000);
        long idleRss = product.memoryKb("VmRSS");
        System.out.printf("start-up to first completed request (JVM build, -Xmx256m): %.2f s; idle RSS %d MB "
                + "(after 10 s without changes, pulling every second)%n", firstRequest, idleRss / 1024);
        product.kill9();
    }

    /**
     * Figure 5: the service as a user starts it (pull and push on, every poller), on an empty target: seconds from
     * exec to the first 200 of /q/health/ready and to the first page stored (a cursor in mahak_sync_state), and from
     * SIGTERM to the exit, in the middle of the first sync.
     */
    private void startAndStop() throws Exception {
        List<String> figures = new ArrayList<>();
        for (int run = 1; run <= o.startRuns; run++) {
            target.wipe();
            JvmProcess product = product("start-" + run).env("MAHAK_PUSH_ENABLED", true)
                    .env("MAHAK_PUSH_INBOX", o.work.resolve("start-inbox").toAbsolutePath());
            product.start();
            double ready = product.awaitHttp("/q/health/ready", Duration.ofMinutes(2));
            double firstPage = Double.NaN;
            while (product.alive() && (System.nanoTime() - product.startedAtNanos()) < 120e9) {
                try (Connection c = target.connect(); var s = c.createStatement();
                        var rs = s.executeQuery("SELECT COUNT(*) FROM mahak_sync_state WHERE row_version > 0")) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        firstPage = (System.nanoTime() - product.startedAtNanos()) / 1e9;
                        break;
                    }
                } catch (java.sql.SQLException e) {
                    // the table is created at the first connection
                }
                JvmProcess.sleep(20);
            }
            double stop = product.sigterm();
            figures.add(String.format("%.2f / %.2f / %.2f", ready, firstPage, stop));
        }
        System.out.printf("start-up to ready / to the first page stored / stop after SIGTERM (JVM build, -Xmx256m, "
                + "seconds, %d runs): %s (target: ready <= 2 s, stop <= 2 s)%n", o.startRuns, String.join("; ", figures));
    }

    /**
     * Figure 3: a CSV drop of orders with their details, pushed by the running service: rows/s from the moment
     * {@code _READY} is written to the moment the drop is in {@code .done} (result files are written before the
     * move). Every row must come back {@code sent} and the simulator must hold each client id exactly once.
     */
    private void push() throws Exception {
        Path inbox = o.work.resolve("push-inbox");
        deleteTree(inbox);
        Files.createDirectories(inbox);
        Map<String, Long> counts = simulator.counts();
        int orders = Math.max(1, o.pushRows / 5);
        PushDrop drop = new PushDrop(inbox.resolve("bench-drop"), orders, 4, 10_000_000L)
                .write(counts.get("people"), counts.get("productDetails"));
        JvmProcess product = product("push").env("MAHAK_PUSH_ENABLED", true).env("MAHAK_PULL_ENABLED", false)
                .env("MAHAK_PUSH_INBOX", inbox.toAbsolutePath()).env("MAHAK_PUSH_INBOX_POLL_MS", 100);
        if (o.pushBatchSize > 0) {
            product.env("MAHAK_PUSH_BATCH_SIZE", o.pushBatchSize);
        }
        Path productJfr = o.work.resolve("push-product.jfr");
        Path simulatorJfr = o.work.resolve("push-simulator.jfr");
        product.start();
        product.awaitHttp("/q/health/live", Duration.ofMinutes(2));
        JvmProcess.sleep(2000); // the routes and the first inbox poll
        if (o.profile) { // recorded from _READY on, so that start-up is not in the profile
            jcmd(product.pid(), "JFR.start", "name=push", "settings=profile");
            jcmd(simulator.process.pid(), "JFR.start", "name=push", "settings=profile");
        }
        simulator.admin("DELETE", "requests", null);
        long started = System.nanoTime();
        drop.ready();
        while (!Files.exists(drop.done())) {
            if (!product.alive() || System.nanoTime() - started > 30 * 60e9) {
                throw new IllegalStateException("The drop did not reach .done:\n" + product.tail(20));
            }
            JvmProcess.sleep(20);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (o.profile) {
            jcmd(product.pid(), "JFR.dump", "name=push", "filename=" + productJfr);
            jcmd(simulator.process.pid(), "JFR.dump", "name=push", "filename=" + simulatorJfr);
            jcmd(simulator.process.pid(), "JFR.stop", "name=push");
        }
        product.kill9();
        long saveCalls = 0;
        long saveMs = 0;
        for (com.fasterxml.jackson.databind.JsonNode r : simulator.requestLog()) {
            if (r.path("path").asText().contains("SaveAllData")) {
                saveCalls++;
                saveMs += r.path("durationMs").asLong();
            }
        }
        long sent = sentRows(drop.done().resolve(PushDrop.ORDERS + ".result.csv"))
                + sentRows(drop.done().resolve(PushDrop.DETAILS + ".result.csv"));
        Map<Long, Integer> savedOrders = simulator.savedPerClientId(PushDrop.ORDERS, "orderClientId");
        Map<Long, Integer> savedDetails = simulator.savedPerClientId(PushDrop.DETAILS, "orderDetailClientId");
        long twice = savedOrders.values().stream().filter(n -> n > 1).count()
                + savedDetails.values().stream().filter(n -> n > 1).count();
        double rate = drop.rows() / seconds;
        System.out.printf("push: %,d-row CSV drop (%,d orders + %,d details, Persian text) in %.1f s = %,.0f rows/s "
                + "from _READY to .done with result files; %,d sent, %,d saved by the simulator, %d saved twice "
                + "(batch size %s; target >= 20,000 rows/s: %s)%n", drop.rows(), orders, orders * 4, seconds, rate, sent,
                savedOrders.size() + savedDetails.size(), twice,
                o.pushBatchSize > 0 ? String.valueOf(o.pushBatchSize) : "default", rate >= 20_000 ? "met" : "NOT met");
        System.out.printf("  of which the simulator answering SaveAllData: %.1f s over the last %d requests (its log "
                + "keeps 500)%n", saveMs / 1e3, saveCalls);
        if (sent != drop.rows()) {
            System.out.printf("  WARNING: %,d of %,d rows are not 'sent' in the result files%n", drop.rows() - sent,
                    drop.rows());
        }
        if (o.profile) {
            JfrSummary.print("of the product during the push", productJfr, 12);
            JfrSummary.print("of the simulator during the push", simulatorJfr, 12);
        }
    }

    private static long sentRows(Path resultFile) throws Exception {
        try (java.util.stream.Stream<String> lines = Files.lines(resultFile)) {
            return lines.filter(l -> l.contains(",sent,")).count();
        }
    }

    static void deleteTree(Path root) throws Exception {
        if (Files.exists(root)) {
            try (java.util.stream.Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private JvmProcess product(String name) {
        return new JvmProcess(name, o.work).option("-Xmx256m")
                .env("MAHAK_BASE_URL", simulator.baseUrl())
                .env("MAHAK_SIMULATOR_ENABLED", false)
                .env("MAHAK_TARGET_JDBC_URL", o.jdbcUrl)
                .env("MAHAK_TARGET_USERNAME", o.user)
                .env("MAHAK_PUSH_ENABLED", false);
    }

    /** The highest heap use seen before a collection, from the unified GC log. */
    private static long peakHeapMb(Path gcLog) throws Exception {
        long peak = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    peak = Math.max(peak, Long.parseLong(m.group(1)));
                }
            }
        }
        return peak;
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        c.addAll(Arrays.asList(command));
        new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** Command-line options (see the class comment). */
    static final class Options {
        int records = 1_000_000;
        int naiveRecords = 3_000;
        int deltaSamples = 20;
        int pushRows = 100_000;
        boolean pushOnly;
        boolean pullOnly;
        boolean startOnly;
        int startRuns = 3;
        int pushBatchSize;
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/bench_dev";
        String user = "postgres";
        boolean profile;
        boolean simulatorHttp1;
        Path work = Path.of("target", "bench");

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--records" -> o.records = Integer.parseInt(args[++i]);
                    case "--naive-records" -> o.naiveRecords = Integer.parseInt(args[++i]);
                    case "--delta-samples" -> o.deltaSamples = Integer.parseInt(args[++i]);
                    case "--jdbc-url" -> o.jdbcUrl = args[++i];
                    case "--user" -> o.user = args[++i];
                    case "--profile" -> o.profile = true;
                    case "--push-rows" -> o.pushRows = Integer.parseInt(args[++i]);
                    case "--push-only" -> o.pushOnly = true;
                    case "--pull-only" -> o.pullOnly = true;
                    case "--start-only" -> o.startOnly = true;
                    case "--start-runs" -> o.startRuns = Integer.parseInt(args[++i]);
                    case "--push-batch-size" -> o.pushBatchSize = Integer.parseInt(args[++i]);
                    case "--simulator-http1" -> o.simulatorHttp1 = true;
                    case "--work" -> o.work = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]);
                }
            }
            return o;
        }
    }
}
