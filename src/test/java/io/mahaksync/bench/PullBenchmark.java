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
 * --mariadb-url URL  MariaDB database the feeder-fed pull and the bare-JDBC upsert are also run against, emptied
 *                    first (default jdbc:mariadb://127.0.0.1:3306/bench_dev; none: PostgreSQL only)
 * --mariadb-user NAME its user (default root, no password)
 * --simulator-http1  the simulator refuses HTTP/2 (h2c), so the product's client talks HTTP/1.1 to it
 * --push-rows N      rows of the pushed CSV drop, a fifth orders and four fifths details (default 100000)
 * --push-batch-size N  mahak.push.batch-size of the pushing product (default: the product's own default)
 * --push-drops N     drops of the stand-in-fed push into the same product, one after the other (default 2); the
 *                    figure is the last one's, each drop's rate is printed (more drops: the JIT has settled)
 * --push-only        seed the simulator and measure the push alone (no pull, bare JDBC, naive route or delta figure)
 * --start-only       measure start and stop alone: start-up to ready (and the CPU used by then) and to the first page
 *                    stored, stop after SIGTERM, with the load average at each start
 * --start-runs N     runs of the start and stop figure per case (default 3)
 * --start-cases LIST which starts: prod (PostgreSQL and the simulator process, an empty target), prod-restart (the
 *                    same on the target the previous start left), demo (-Dquarkus.profile=demo in an empty folder),
 *                    run-once (prod's settings, one cycle); default prod,prod-restart,demo,run-once
 * --jfr-settings F   the JFR settings of --profile's push recordings (default profile), e.g. a copy
 *                    of the JDK's profile.jfc with jdk.SocketRead at 0 ms, to sum every wait on the database by method
 * --jvm-option OPT   a JVM option of every product started (repeat it for more), e.g. -Xshare:off
 * --variant NAME=OPTS  after the feeder-fed pull, pull again as built and with these JVM options (space-separated,
 *                    e.g. copy-off=-Dmahak.target.bulk-min-rows=0), in rounds, each on a wiped target (repeatable);
 *                    an option jar:PATH starts another build instead (e.g. old=jar:../main/target/quarkus-app/quarkus-run.jar);
 *                    on MariaDB too, after its own pull, when --mariadb-url names one
 * --variant-rounds N rounds of the variants (default 2)
 * --jar PATH         the packaged product to start (default target/quarkus-app/quarkus-run.jar), e.g. an earlier build
 * --java PATH        the JVM that runs the product (default: the bench's own), e.g. a JDK 25 as in the container image
 * --start-archive    before the start cases, record the image's start archive with that JVM (JDK 25 or later: an AOT
 *                    cache; older: a class-data archive) and start every case with it, as the image starts
 * --large-drop-rows N rows of the large people.csv drop pushed against the stand-in (default 1000000; 0: none),
 *                    after a warm-up drop of a tenth of it (at most 100,000 rows) into the same product
 * --large-drop-only  measure the large drop alone (its first and last tenth)
 * --stand-in-push-only  measure the stand-in-fed push alone, with its bare loop beside it (no simulator)
 * --simulator-only   measure the simulator alone (GetAllData and SaveAllData client loops)
 * --no-feeders       leave out the feeder-fed pull and the stand-in-fed push (simulator-fed figures only)
 * --simulator-loop-records N  records the simulator-alone GetAllData loop reads at most (default 300000)
 * --simulator-save-requests N SaveAllData requests of the simulator-alone loop (default 600, 200 records each;
 *                    100 was a loop of a second, mostly the JIT warming up)
 * --profile          record JFR in the product and the simulator during the initial pull and the push; print where time goes
 * --work DIR         logs and recordings (default target/bench)
 * </pre>
 */
public final class PullBenchmark {

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern CYCLE_LINE = Pattern.compile("Pull cycle [^\\n]*, (\\d+) ms");

    private final Options o;
    private final TargetDb target;
    /** The second target of the feeder-fed pull (--mariadb-url), or null. */
    private final TargetDb mariadb;
    private SimulatorProcess simulator;
    private double pullRate;
    /** The pull fed by the replay feeder; the bare-JDBC ratio is given for both. */
    private double feederPullRate = Double.NaN;

    private PullBenchmark(Options o) {
        this.o = o;
        this.target = new TargetDb(o.jdbcUrl, o.user);
        this.mariadb = o.mariadbUrl.equals("none") ? null : new TargetDb(o.mariadbUrl, o.mariadbUser);
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Files.createDirectories(o.work);
        new PullBenchmark(o).run();
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf("machine: %d cores, Java %s; target %s; %d records; %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), o.jdbcUrl.replaceAll("\\?.*", ""), o.records, load());
        if (o.largeDropOnly) { // no simulator: the stand-in answers
            target.ensureDatabase();
            target.wipe();
            largeDrop();
            return;
        }
        if (o.standInPushOnly) {
            target.ensureDatabase();
            target.wipe();
            standInPush();
            return;
        }
        long t0 = System.nanoTime();
        simulator = new SimulatorProcess(o.work, 42, o.records, o.records > 300_000 ? "1500m" : "512m");
        if (o.simulatorHttp1) {
            simulator.process.option("-Dquarkus.http.http2=false");
        }
        simulator.start();
        System.out.printf("simulator: seeded %d records in %.1f s (not a figure; setup)%n", simulator.totalRecords(),
                (System.nanoTime() - t0) / 1e9);
        if (!o.simulatorOnly) { // the simulator alone needs no target
            target.ensureDatabase();
            target.wipe();
        }
        try {
            if (o.startOnly) {
                startAndStop();
                return;
            }
            simulatorAlone();
            if (o.simulatorOnly) {
                return;
            }
            if (!o.pushOnly) {
                initialPull();
                if (o.feeders) {
                    feederPull();
                }
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
            if (o.feeders) {
                // the killed product's drop claim would hold the same drop name for a minute (mahak.push.drop-claim-lease)
                target.wipe();
                standInPush();
            }
            target.wipe(); // the large drop starts from an empty outbox
            largeDrop();
        } finally {
            simulator.process.kill9();
        }
    }

    /** Figure 1: a first sync of every record, run-once, -Xmx256m; rate, peak heap, peak RSS. */
    private void initialPull() throws Exception {
        pullRate = initialPull("pull", "simulator-fed", simulator.baseUrl(), simulator.totalRecords());
    }

    /**
     * Figure 1, fed by the replay feeder: what the simulator gave is captured once, then the same pull reads it
     * from memory; the feeder's own serving time and a client loop reading its pages as fast as it can are printed
     * beside the product's rate.
     */
    private void feederPull() throws Exception {
        long t0 = System.nanoTime();
        try (ReplayFeeder feeder = ReplayFeeder.capture(simulator.baseUrl(), 10_000).start()) {
            System.out.printf("replay feeder: captured %,d records from the simulator in %.1f s (not a figure; setup)%n",
                    feeder.records(), (System.nanoTime() - t0) / 1e9);
            target.wipe();
            feeder.resetCounters();
            double[] seconds = new double[1];
            feederPullRate = initialPull("pull-feeder", "feeder-fed", feeder.baseUrl(), feeder.records(), seconds, target);
            FeederHttp.Served served = feeder.served();
            System.out.printf("  replay feeder's own serving time: %,d GetAllData answers (%,.0f MB) in %.2f s of the "
                    + "pull's %.1f s (%.0f %% busy)%n", served.requests.get(), served.bytes.get() / 1e6, served.seconds(),
                    seconds[0], 100 * served.seconds() / seconds[0]);
            double[] loop = feeder.clientLoop(1000);
            double loopRate = loop[0] / loop[1];
            System.out.printf("  replay feeder, client loop (pages of 1,000, read to the last byte, not parsed): %,.0f "
                    + "records (%,.0f MB) in %.2f s = %,.0f records/s = %.1f x the product's feeder-fed pull (%s; target "
                    + ">= 5: %s)%n", loop[0], loop[2] / 1e6, loop[1], loopRate, loopRate / feederPullRate, load(),
                    loopRate / feederPullRate >= 5 ? "met" : "NOT met");
            if (!o.variants.isEmpty()) {
                compareVariants(feeder, target);
            }
            if (mariadb != null) {
                mariadbPull(feeder);
                if (!o.variants.isEmpty()) {
                    compareVariants(feeder, mariadb);
                }
            }
        }
    }

    /**
     * --variant: the feeder-fed pull again, as built and with each variant's JVM options, one after the other in
     * rounds, so that settings are compared back to back on the same feeder and target (printed per run and as
     * medians).
     */
    private void compareVariants(ReplayFeeder feeder, TargetDb into) throws Exception {
        Map<String, List<String>> variants = new java.util.LinkedHashMap<>();
        variants.put("as built", List.of());
        variants.putAll(o.variants);
        Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
        for (int round = 1; round <= o.variantRounds; round++) {
            for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                into.wipe();
                List<String> before = new ArrayList<>(o.jvmOptions);
                Path jar = JvmProcess.jar;
                for (String option : v.getValue()) {
                    if (option.startsWith("jar:")) {
                        JvmProcess.jar = Path.of(option.substring(4)); // another build, e.g. main's, back to back
                    } else {
                        o.jvmOptions.add(option);
                    }
                }
                try {
                    System.out.printf("variant %s, round %d:%n  ", v.getKey(), round);
                    rates.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(initialPull("pull-variant",
                            "feeder-fed", feeder.baseUrl(), feeder.records(), new double[1], into));
                } finally {
                    o.jvmOptions.clear();
                    o.jvmOptions.addAll(before);
                    JvmProcess.jar = jar;
                }
            }
        }
        for (Map.Entry<String, List<Double>> r : rates.entrySet()) {
            List<Double> sorted = r.getValue().stream().sorted().toList();
            System.out.printf("variant %s, %s: median %,.0f records/s over %d runs %s%n", r.getKey(), into.dialect,
                    sorted.get(sorted.size() / 2), sorted.size(), r.getValue().stream()
                            .map(x -> String.format("%,.0f", x)).toList());
        }
    }

    /** Figure 1 on MariaDB: the same feeder-fed pull into MariaDB, then the bare-JDBC upsert of the same rows there. */
    private void mariadbPull(ReplayFeeder feeder) throws Exception {
        mariadb.ensureDatabase();
        mariadb.wipe();
        double rate = initialPull("pull-feeder-mariadb", "feeder-fed", feeder.baseUrl(), feeder.records(),
                new double[1], mariadb);
        double[] r = new BareJdbcUpsert(mariadb, 500, 1000).run(new ArrayList<>(simulator.counts().keySet()));
        double bare = r[0] / r[1];
        System.out.printf("bare JDBC batched upsert, MARIADB: %,.0f rows in %.1f s = %,.0f rows/s (%s); pull / bare JDBC "
                + "= %.2f feeder-fed (target >= 0.8: %s)%n", r[0], r[1], bare, load(), rate / bare,
                rate / bare >= 0.8 ? "met" : "NOT met");
    }

    private double initialPull(String name, String label, String baseUrl, long expected) throws Exception {
        return initialPull(name, label, baseUrl, expected, new double[1], target);
    }

    private double initialPull(String name, String label, String baseUrl, long expected, double[] secondsOut,
            TargetDb into) throws Exception {
        Path gcLog = o.work.resolve(name + "-gc.log");
        Files.deleteIfExists(gcLog);
        JvmProcess product = product(name).option("-Xlog:gc:file=" + gcLog).env("MAHAK_RUN_ONCE", true)
                .env("MAHAK_BASE_URL", baseUrl).env("MAHAK_TARGET_JDBC_URL", into.jdbcUrl)
                .env("MAHAK_TARGET_USERNAME", into.user);
        Path productJfr = o.work.resolve(name + "-product.jfr");
        Path simulatorJfr = o.work.resolve(name + "-simulator.jfr");
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
            stored += into.count(TargetDb.entity(entity).table());
        }
        double seconds = (endNanos - startedNanos) / 1e9;
        double pulling = cycleSeconds(product.log());
        secondsOut[0] = pulling;
        double rate = stored / pulling;
        System.out.printf("initial pull, %s, %s: %,d records pulled in %.1f s = %,.0f records/s (the pull cycle, first "
                + "request to last commit, from the product's log); %.1f s = %,.0f records/s from start-up to exit "
                + "(start-up excluded; schema creation, login and stop included); peak heap %d MB, peak RSS %d MB with "
                + "-Xmx256m (%s; target: completes: met)%n", label, into.dialect, stored, pulling, rate, seconds,
                stored / seconds, peakHeapMb(gcLog), peakRssKb / 1024, load());
        if (stored != expected) {
            System.out.printf("  WARNING: the target holds %,d rows, the %s %,d%n", stored,
                    label.startsWith("feeder") ? "feeder" : "simulator", expected);
        }
        if (o.profile) {
            jcmd(simulator.process.pid(), "JFR.dump", "name=bench", "filename=" + simulatorJfr);
            jcmd(simulator.process.pid(), "JFR.stop", "name=bench");
            JfrSummary.print("of the product during the initial pull (" + label + ")", productJfr, 12);
            JfrSummary.print("of the simulator during the initial pull (" + label + ")", simulatorJfr, 12);
        }
        return rate;
    }

    /** Figure 1b: the same rows, the same upsert, nothing but JDBC batches. */
    private void bareJdbc() throws Exception {
        List<String> entities = new ArrayList<>(simulator.counts().keySet());
        double[] r = new BareJdbcUpsert(target, 500, 1000).run(entities);
        double rate = r[0] / r[1];
        System.out.printf("bare JDBC batched upsert, %s: %,.0f rows in %.1f s = %,.0f rows/s (%s); pull / bare JDBC = %.2f "
                + "simulator-fed, %.2f feeder-fed (target >= 0.8 feeder-fed: %s)%n", target.dialect, r[0], r[1], rate, load(),
                pullRate / rate, feederPullRate / rate, feederPullRate / rate >= 0.8 ? "met" : "NOT met");
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
                + "(%s; target p95 < 1.5 s: %s)%n", sorted[sorted.length / 2], p95, sorted[sorted.length - 1],
                sorted.length, load(), p95 < 1.5 ? "met" : "NOT met");
        JvmProcess.sleep(10_000);
        long idleRss = product.memoryKb("VmRSS");
        System.out.printf("start-up to first completed request (JVM build, -Xmx256m): %.2f s; idle RSS %d MB "
                + "(after 10 s without changes, pulling every second)%n", firstRequest, idleRss / 1024);
        product.kill9();
    }

    /**
     * Figure 5: start and stop, in the cases a user meets (--start-cases): {@code prod} (the service against
     * PostgreSQL and the simulator process, pull and push on, every poller, an empty target), {@code demo}
     * ({@code -Dquarkus.profile=demo} in an empty folder: the built-in simulator, an H2 file target, the admin API
     * on) and {@code run-once} (prod's settings, {@code MAHAK_RUN_ONCE=true}, no HTTP port). Per run: seconds from
     * exec to the first 200 of /q/health/ready, the CPU seconds (user + system, every thread) the process had used
     * then, to the first page stored (a cursor in mahak_sync_state), and from SIGTERM (sent once that page is
     * stored, in the middle of the first sync) to the exit; a run-once job instead runs to its exit. The 1-minute
     * load average at each start is printed beside it: on a shared machine the wall time waits for a core, the CPU
     * time much less so.
     */
    private void startAndStop() throws Exception {
        List<String> options = o.jvmOptions;
        if (o.startArchive) {
            o.jvmOptions = new ArrayList<>(options);
            o.jvmOptions.addAll(StartArchive.record(o.work));
        }
        try {
            startCases();
        } finally {
            o.jvmOptions = options;
        }
    }

    private void startCases() throws Exception {
        int jdk = StartArchive.featureVersion(JvmProcess.jvm);
        for (String startCase : o.startCases) {
            List<double[]> runs = new ArrayList<>();
            List<String> figures = new ArrayList<>();
            for (int run = 1; run <= o.startRuns; run++) {
                double[] r = switch (startCase) {
                    case "prod" -> startProd(run, true);
                    case "prod-restart" -> startProd(run, false);
                    case "demo" -> startDemo(run);
                    case "run-once" -> startRunOnce(run);
                    default -> throw new IllegalArgumentException("Unknown start case " + startCase
                            + " (prod, prod-restart, demo, run-once)");
                };
                runs.add(r);
                figures.add(startCase.equals("run-once")
                        ? String.format("%.2f / %.2f cpu / exit %.2f (load %.1f)", r[2], r[1], r[3], r[4])
                        : String.format("%.2f / %.2f cpu / %.2f / stop %.2f (load %.1f)", r[0], r[1], r[2], r[3], r[4]));
            }
            System.out.printf("start-up %s (JDK %d, -Xmx256m%s, seconds, %d runs): %s%n", startCase,
                    jdk,
                    o.jvmOptions.isEmpty() ? "" : ", " + String.join(" ", o.jvmOptions), o.startRuns,
                    startCase.equals("run-once") ? "first page stored / cpu then / exit" : "ready / cpu at ready / first page stored / stop after SIGTERM");
            System.out.printf("  runs: %s%n", String.join("; ", figures));
            if (startCase.equals("run-once")) {
                System.out.printf("  median: first page stored %.2f s (cpu %.2f s), exit %.2f s; load %.1f-%.1f%n",
                        median(runs, 2), median(runs, 1), median(runs, 3), min(runs, 4), max(runs, 4));
            } else {
                double ready = median(runs, 0);
                System.out.printf("  median: ready %.2f s (cpu %.2f s), first page stored %.2f s, stop %.2f s; load %.1f-%.1f "
                        + "(target: ready <= 2 s: %s, stop <= 2 s: %s)%n", ready, median(runs, 1), median(runs, 2),
                        median(runs, 3), min(runs, 4), max(runs, 4), ready <= 2 ? "met" : "NOT met",
                        median(runs, 3) <= 2 ? "met" : "NOT met");
            }
        }
    }

    /**
     * prod: against PostgreSQL (emptied first) and the simulator process; {ready, cpu, first page, stop, load}.
     * prod-restart ({@code empty} false): on the target as the previous start left it (migrated, cursors stored),
     * as a pod restarts; its first page is then not a figure (a cursor is there already).
     */
    private double[] startProd(int run, boolean empty) throws Exception {
        if (empty) {
            target.wipe();
        }
        JvmProcess product = product("start-prod-" + (empty ? "" : "restart-") + run).env("MAHAK_PUSH_ENABLED", true)
                .env("MAHAK_PUSH_INBOX", o.work.resolve("start-inbox").toAbsolutePath());
        double load = JvmProcess.loadAverage();
        product.start();
        double ready = product.awaitHttp("/q/health/ready", Duration.ofMinutes(2));
        double cpu = product.cpuSeconds();
        double firstPage = empty ? awaitFirstPage(product, () -> target.connect()) : Double.NaN;
        return new double[] {ready, cpu, firstPage, product.sigterm(), load};
    }

    /** demo: the README's first command in an empty folder; the first page is read from its H2 file once it is ready. */
    private double[] startDemo(int run) throws Exception {
        Path dir = o.work.resolve("start-demo-" + run).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        JvmProcess product = new JvmProcess("start-demo-" + run, o.work).directory(dir).option("-Xmx256m")
                .option("-Dquarkus.profile=demo");
        o.jvmOptions.forEach(product::option);
        product.env.remove("MAHAK_ADMIN_ENABLED"); // the demo's admin API is on, with its demo password
        double load = JvmProcess.loadAverage();
        product.start();
        double ready = product.awaitHttp("/q/health/ready", Duration.ofMinutes(2));
        double cpu = product.cpuSeconds();
        // AUTO_SERVER: the product opened the file first and serves it; connecting before that would make the bench its owner
        String url = "jdbc:h2:file:" + dir.resolve("data/mahak-target") + ";AUTO_SERVER=TRUE;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE";
        double firstPage = awaitFirstPage(product, () -> java.sql.DriverManager.getConnection(url, "sa", ""));
        return new double[] {ready, cpu, firstPage, product.sigterm(), load};
    }

    /** run-once: prod's settings, one cycle, exit; {-, cpu at the first page, first page, exit, load}. */
    private double[] startRunOnce(int run) throws Exception {
        target.wipe();
        JvmProcess product = product("start-run-once-" + run).env("MAHAK_RUN_ONCE", true);
        double load = JvmProcess.loadAverage();
        product.start();
        double firstPage = awaitFirstPage(product, () -> target.connect());
        double cpu = product.cpuSeconds();
        Integer exit = product.awaitExit(Duration.ofMinutes(5));
        if (exit == null || exit != 0) {
            throw new IllegalStateException("The run-once job failed (exit " + exit + "):\n" + product.tail(15));
        }
        return new double[] {Double.NaN, cpu, firstPage, (System.nanoTime() - product.startedAtNanos()) / 1e9, load};
    }

    interface Connector {
        Connection connect() throws java.sql.SQLException;
    }

    /** Seconds from exec until mahak_sync_state holds a cursor (NaN when none within 2 minutes). */
    private static double awaitFirstPage(JvmProcess product, Connector db) {
        while (product.alive() && (System.nanoTime() - product.startedAtNanos()) < 120e9) {
            try (Connection c = db.connect(); var s = c.createStatement();
                    var rs = s.executeQuery("SELECT COUNT(*) FROM mahak_sync_state WHERE row_version > 0")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return (System.nanoTime() - product.startedAtNanos()) / 1e9;
                }
            } catch (java.sql.SQLException e) {
                // the table is created at the first connection
            }
            JvmProcess.sleep(20);
        }
        return Double.NaN;
    }

    private static double median(List<double[]> runs, int i) {
        double[] v = runs.stream().mapToDouble(r -> r[i]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<double[]> runs, int i) {
        return runs.stream().mapToDouble(r -> r[i]).min().orElse(Double.NaN);
    }

    private static double max(List<double[]> runs, int i) {
        return runs.stream().mapToDouble(r -> r[i]).max().orElse(Double.NaN);
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
            jcmd(product.pid(), "JFR.start", "name=push", "settings=" + o.jfrSettings);
            jcmd(simulator.process.pid(), "JFR.start", "name=push", "settings=" + o.jfrSettings);
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
        // only this drop's client ids: the simulator-alone loop saved orders of its own before
        savedOrders.keySet().removeIf(id -> id < drop.firstClientId || id >= drop.firstClientId + drop.rows());
        savedDetails.keySet().removeIf(id -> id < drop.firstClientId || id >= drop.firstClientId + drop.rows());
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

    /**
     * Figure 3, fed by the SaveAllData stand-in: the same drop (its own client ids) pushed against a Mahak that
     * answers every record without a database; its own serving time and a client loop sending the same shape of
     * requests as fast as it can are printed beside the product's rate.
     */
    private void standInPush() throws Exception {
        try (SaveStandIn standIn = new SaveStandIn().start()) {
            Path inbox = o.work.resolve("push-stand-in-inbox");
            deleteTree(inbox);
            Files.createDirectories(inbox);
            int orders = Math.max(1, o.pushRows / 5);
            // drops of the same shape (two unless --push-drops), one after the other into the same product: the first
            // meets a JVM that has just started (its JIT compiles most of the push's code meanwhile, on one of the two
            // cores), the last
            // a running service (warmer, its outbox holding the earlier drops' rows); the figure is the last one's,
            // the first is printed beside it (--push-drops more: every drop's rate is printed too)
            int count = Math.max(2, o.pushDrops);
            List<PushDrop> drops = new ArrayList<>();
            long firstClientId = 20_000_000L;
            for (int i = 0; i < count; i++) {
                String name = i == 0 ? "bench-drop-first" : i == count - 1 ? "bench-drop" : "bench-drop-" + (i + 1);
                PushDrop d = new PushDrop(inbox.resolve(name), orders, 4, firstClientId).write(1000, 1000);
                firstClientId += d.rows();
                drops.add(d);
            }
            PushDrop cold = drops.get(0);
            PushDrop drop = drops.get(count - 1);
            double[] all = pushAgainst("push-stand-in", standIn.baseUrl(), inbox,
                    drops.stream().map(d -> new TimedDrop(d::ready, d.done())).toList());
            double coldSeconds = all[0];
            double seconds = all[count - 1];
            double coldRate = cold.rows() / coldSeconds;
            double rate = drop.rows() / seconds;
            long sent = sentRows(drop.done().resolve(PushDrop.ORDERS + ".result.csv"))
                    + sentRows(drop.done().resolve(PushDrop.DETAILS + ".result.csv"));
            System.out.printf("push, stand-in-fed: %,d-row CSV drop (%,d orders + %,d details) in %.1f s = %,.0f rows/s "
                    + "from _READY to .done with result files, drop %d since the product started; %,d sent, %,d "
                    + "saved by the stand-in (every drop), %d saved twice; peak RSS %d MB (%s; target >= 20,000 rows/s: "
                    + "%s)%n", drop.rows(), orders, orders * 4, seconds, rate, count, sent, standIn.saved(), standIn.savedTwice(),
                    (long) all[count] / 1024, load(), rate >= 20_000 ? "met" : "NOT met");
            System.out.printf("  the first drop, right after the start (the JIT compiling beside it): %.1f s = %,.0f rows/s "
                    + "= %.2f x the %s%n", coldSeconds, coldRate, coldRate / rate, count == 2 ? "second" : "last");
            if (count > 2) {
                System.out.printf("  each drop in turn (rows/s):");
                for (int i = 0; i < count; i++) {
                    System.out.printf(" %,.0f", drops.get(i).rows() / all[i]);
                }
                System.out.println();
            }
            FeederHttp.Served served = standIn.served();
            double pushSeconds = java.util.Arrays.stream(all, 0, count).sum();
            System.out.printf("  stand-in's own serving time: %,d SaveAllData answers in %.2f s of the %d pushes' %.1f s "
                    + "(%.0f %% busy)%n", served.requests.get(), served.seconds(), count, pushSeconds,
                    100 * served.seconds() / pushSeconds);
            bareLoop(standIn, drop, rate);
            double[] loop = standIn.clientLoop(Math.max(50, o.pushRows / 1000), 40, 4);
            double loopRate = loop[0] / loop[1];
            System.out.printf("  stand-in, client loop (requests of 40 orders + 160 details, pre-built): %,.0f records in "
                    + "%.2f s = %,.0f records/s = %.1f x the product's stand-in-fed push (%s; target >= 5: %s)%n", loop[0],
                    loop[1], loopRate, loopRate / rate, load(), loopRate / rate >= 5 ? "met" : "NOT met");
        }
    }

    /**
     * The push's yardstick ({@link BarePush}): the same drop files, the same requests to the same stand-in, the same
     * staging writes into the same database, the same result files, with nothing of the product around it.
     */
    private void bareLoop(SaveStandIn standIn, PushDrop drop, double pushRate) throws Exception {
        standIn.reset();
        target.wipe();
        int batchSize = o.pushBatchSize > 0 ? o.pushBatchSize : productBatchSize();
        // twice, as the product pushes twice: the figure is the second run's, in a JVM whose JIT has compiled the loop
        new BarePush(target, standIn.baseUrl(), batchSize).run(drop.done(), o.work.resolve("bare-push"));
        standIn.reset();
        double seconds = new BarePush(target, standIn.baseUrl(), batchSize).run(drop.done(), o.work.resolve("bare-push"));
        double bareRate = drop.rows() / seconds;
        System.out.printf("  bare loop (read the CSV, stage in the same database, the same requests of %d records, ids written "
                + "back, result files), its second run: %,d rows in %.2f s = %,.0f rows/s; %,d saved by the stand-in, %d saved twice "
                + "(%s)%n", batchSize, drop.rows(), seconds, bareRate, standIn.saved(), standIn.savedTwice(), load());
        System.out.printf("  push / bare loop = %.2f%n", pushRate / bareRate);
    }

    /** mahak.push.batch-size as the packaged product has it (application.properties of the project). */
    private static int productBatchSize() throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(Path.of("application.properties"))) {
            p.load(r);
        }
        return Integer.parseInt(p.getProperty("mahak.push.batch-size", "200").trim());
    }

    /**
     * Figure 3b: push speed does not fall with the size of the outbox. A large people.csv (default 1,000,000 rows)
     * pushed against the stand-in; the rate of its first and of its last tenth are read from the instants the
     * stand-in answered the requests that carried them (staging before the first request is not in either).
     */
    private void largeDrop() throws Exception {
        if (o.largeDropRows <= 0) {
            return;
        }
        try (SaveStandIn standIn = new SaveStandIn().start()) {
            Path inbox = o.work.resolve("large-drop-inbox");
            deleteTree(inbox);
            Files.createDirectories(inbox);
            // a warm-up drop first (a tenth of the size, at most 100,000 rows), so that the first tenth of the large
            // one is not the JIT compiling the push beside it: the comparison is of the outbox's size alone
            int warmUpRows = Math.max(1, Math.min(100_000, o.largeDropRows / 10));
            Path warmUp = inbox.resolve("people-warm-up");
            Files.createDirectories(warmUp);
            writePeople(warmUp.resolve("people.csv"), warmUpRows, 29_000_000L);
            Path dir = inbox.resolve("people-drop");
            Files.createDirectories(dir);
            long bytes = writePeople(dir.resolve("people.csv"), o.largeDropRows, 30_000_000L);
            Path done = inbox.resolve(".done").resolve("people-drop");
            double[] both = pushAgainst("large-drop", standIn.baseUrl(), inbox, List.of(
                    new TimedDrop(() -> Files.writeString(warmUp.resolve("_READY"), ""),
                            inbox.resolve(".done").resolve("people-warm-up")),
                    new TimedDrop(() -> Files.writeString(dir.resolve("_READY"), ""), done)));
            double first = standIn.rate(warmUpRows, o.largeDropRows, 0, 0.1);
            double last = standIn.rate(warmUpRows, o.largeDropRows, 0.9, 1.0);
            double change = 100 * (last - first) / first;
            long sent = sentRows(done.resolve("people.result.csv"));
            System.out.printf("push, large drop (stand-in-fed): people.csv of %,d rows (%,.0f MiB) in %.1f s from _READY "
                    + "to .done; first 10 %% %,.0f rows/s, last 10 %% %,.0f rows/s (%+.0f %%); %,d sent, %,d saved by the "
                    + "stand-in (the warm-up's too), %d saved twice; peak RSS %d MB (%s; target: first and last differ by < 20 %%: %s)%n",
                    o.largeDropRows, bytes / 1048576.0, both[1], first, last, change, sent, standIn.saved(),
                    standIn.savedTwice(), (long) both[2] / 1024, load(), Math.abs(change) < 20 ? "met" : "NOT met");
            System.out.printf("  tenths (rows/s):");
            for (int i = 0; i < 10; i++) {
                System.out.printf(" %,.0f", standIn.rate(warmUpRows, o.largeDropRows, i / 10.0, (i + 1) / 10.0));
            }
            System.out.printf("%n  the warm-up drop before it, right after the start (%,d people): %.1f s = %,.0f rows/s%n",
                    warmUpRows, both[0], warmUpRows / both[0]);
        }
    }

    /** people.csv as an ERP exports it: client id, Persian names (one with a comma, quoted), a credit, an address, a mobile. */
    private static long writePeople(Path file, int rows, long firstClientId) throws Exception {
        try (java.io.BufferedWriter w = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
            w.write("personClientId,firstName,lastName,credit,address,mobile\n");
            for (int i = 0; i < rows; i++) {
                w.write((firstClientId + i) + ",\"نام " + i + "، خانم\",خانوادگی " + (i % 997) + "," + (i % 50_000)
                        + ",تهران خیابان " + (i % 311) + " پلاک " + (i % 97) + ",0912" + (1_000_000 + i % 9_000_000) + "\n");
            }
        }
        return Files.size(file);
    }

    /** The drop's marker, written last. */
    interface Marker {
        void write() throws Exception;
    }

    /** A drop to push: its marker, written last, and where the product moves it when done. */
    record TimedDrop(Marker ready, Path done) {
    }

    /**
     * Starts a pushing product against {@code baseUrl} (pull off) and pushes the drops one after another: writes a
     * drop's marker and waits for it in .done before the next. Answers the seconds from each marker to its .done,
     * then the peak RSS in kB. With --profile, the last drop is recorded.
     */
    private double[] pushAgainst(String name, String baseUrl, Path inbox, List<TimedDrop> drops) throws Exception {
        JvmProcess product = product(name).env("MAHAK_BASE_URL", baseUrl).env("MAHAK_PUSH_ENABLED", true)
                .env("MAHAK_PULL_ENABLED", false).env("MAHAK_PUSH_INBOX", inbox.toAbsolutePath())
                .env("MAHAK_PUSH_INBOX_POLL_MS", 100);
        if (o.pushBatchSize > 0) {
            product.env("MAHAK_PUSH_BATCH_SIZE", o.pushBatchSize);
        }
        product.start();
        try {
            product.awaitHttp("/q/health/live", Duration.ofMinutes(2));
            JvmProcess.sleep(2000); // the routes and the first inbox poll
            double[] out = new double[drops.size() + 1];
            long peakRssKb = 0;
            Path jfr = o.work.resolve(name + "-product.jfr");
            for (int i = 0; i < drops.size(); i++) {
                TimedDrop drop = drops.get(i);
                boolean recorded = o.profile && i == drops.size() - 1;
                if (recorded) { // from _READY on: start-up is not in the profile
                    jcmd(product.pid(), "JFR.start", "name=push", "settings=" + o.jfrSettings);
                }
                long started = System.nanoTime();
                drop.ready().write();
                while (!Files.exists(drop.done())) {
                    if (!product.alive() || System.nanoTime() - started > 60 * 60e9) {
                        throw new IllegalStateException("The drop " + drop.done().getFileName() + " did not reach .done:\n"
                                + product.tail(20));
                    }
                    peakRssKb = Math.max(peakRssKb, product.memoryKb("VmHWM"));
                    JvmProcess.sleep(20);
                }
                out[i] = (System.nanoTime() - started) / 1e9;
                if (recorded) {
                    jcmd(product.pid(), "JFR.dump", "name=push", "filename=" + jfr);
                    JfrSummary.print("of the product during " + name, jfr, 12);
                }
            }
            out[drops.size()] = peakRssKb;
            return out;
        } finally {
            product.kill9();
        }
    }

    /**
     * Figure 5 (the simulator keeps up): the simulator on its own, read and written by plain client loops: GetAllData
     * of every entity in pages of 1,000 for the product's visitor (answers parsed just enough to count the records
     * and find the next cursor), and SaveAllData of orders with their details (40 + 160 per request). Each loop
     * runs a warm-up pass first, printed apart and not counted.
     */
    private void simulatorAlone() throws Exception {
        Path simulatorJfr = o.work.resolve("alone-simulator.jfr");
        if (o.profile) {
            jcmd(simulator.process.pid(), "JFR.start", "name=alone", "settings=profile");
        }
        // a first pass warms the JIT (and the visitor scope, computed once per data change) of both sides: without
        // it a small run measured mostly the compiler
        double[] warmGet = SimulatorLoops.getAllData(simulator.baseUrl(), 1000, o.simulatorLoopRecords);
        System.out.printf("simulator alone, GetAllData warm-up pass (not a figure): %,.0f records in %.2f s = %,.0f "
                + "records/s (%s)%n", warmGet[0], warmGet[1], warmGet[0] / warmGet[1], load());
        double[] get = SimulatorLoops.getAllData(simulator.baseUrl(), 1000, o.simulatorLoopRecords);
        System.out.printf("simulator alone, GetAllData client loop: %,.0f records in %.2f s = %,.0f records/s (%s; "
                + "target >= 100,000: %s)%n", get[0], get[1], get[0] / get[1], load(),
                get[0] / get[1] >= 100_000 ? "met" : "NOT met");
        Map<String, Long> counts = simulator.counts();
        int warmRequests = Math.max(10, o.simulatorSaveRequests / 2); // other client ids than the measured loop's
        double[] warmSave = SimulatorLoops.saveAllData(simulator.baseUrl(), warmRequests, 40, 4,
                counts.get("people"), counts.get("productDetails"), 30_000_000L);
        System.out.printf("simulator alone, SaveAllData warm-up pass (not a figure): %,.0f records in %.2f s = %,.0f "
                + "records/s (%s)%n", warmSave[0], warmSave[1], warmSave[0] / warmSave[1], load());
        double[] save = SimulatorLoops.saveAllData(simulator.baseUrl(), o.simulatorSaveRequests, 40, 4,
                counts.get("people"), counts.get("productDetails"), 40_000_000L);
        System.out.printf("simulator alone, SaveAllData client loop: %,.0f records (orders with 4 details each, 200 per "
                + "request) in %.2f s = %,.0f records/s (%s; target >= 20,000: %s)%n", save[0], save[1],
                save[0] / save[1], load(), save[0] / save[1] >= 20_000 ? "met" : "NOT met");
        if (o.profile) {
            jcmd(simulator.process.pid(), "JFR.dump", "name=alone", "filename=" + simulatorJfr);
            jcmd(simulator.process.pid(), "JFR.stop", "name=alone");
            JfrSummary.print("of the simulator alone (both loops)", simulatorJfr, 12);
        }
    }

    /** The load average of the machine now (1, 5 and 15 minutes), printed with every figure. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load " + f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "load unknown";
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
        JvmProcess product = new JvmProcess(name, o.work).option("-Xmx256m");
        o.jvmOptions.forEach(product::option);
        return product
                .env("MAHAK_BASE_URL", simulator == null ? "" : simulator.baseUrl())
                .env("MAHAK_SIMULATOR_ENABLED", false)
                .env("MAHAK_TARGET_JDBC_URL", o.jdbcUrl)
                .env("MAHAK_TARGET_USERNAME", o.user)
                .env("MAHAK_PUSH_ENABLED", false);
    }

    /** The pull cycle's duration as the product logs it ("Pull cycle people: … in 31 page(s), …, 8984 ms"). */
    private static double cycleSeconds(String log) {
        Matcher m = CYCLE_LINE.matcher(log);
        long ms = 0;
        while (m.find()) {
            ms = Math.max(ms, Long.parseLong(m.group(1)));
        }
        if (ms == 0) {
            throw new IllegalStateException("The product logged no 'Pull cycle' line");
        }
        return ms / 1e3;
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
        int pushDrops = 2;
        boolean pushOnly;
        boolean pullOnly;
        boolean startOnly;
        int startRuns = 3;
        List<String> startCases = List.of("prod", "prod-restart", "demo", "run-once");
        boolean startArchive;
        List<String> jvmOptions = new ArrayList<>();
        Map<String, List<String>> variants = new java.util.LinkedHashMap<>();
        int variantRounds = 2;
        int pushBatchSize;
        int largeDropRows = 1_000_000;
        boolean largeDropOnly;
        boolean standInPushOnly;
        boolean simulatorOnly;
        boolean feeders = true;
        int simulatorLoopRecords = 300_000;
        int simulatorSaveRequests = 600;
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/bench_dev";
        String user = "postgres";
        String mariadbUrl = "jdbc:mariadb://127.0.0.1:3306/bench_dev";
        String mariadbUser = "root";
        boolean profile;
        String jfrSettings = "profile";
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
                    case "--mariadb-url" -> o.mariadbUrl = args[++i];
                    case "--mariadb-user" -> o.mariadbUser = args[++i];
                    case "--profile" -> o.profile = true;
                    case "--jfr-settings" -> o.jfrSettings = args[++i];
                    case "--push-rows" -> o.pushRows = Integer.parseInt(args[++i]);
                    case "--push-only" -> o.pushOnly = true;
                    case "--pull-only" -> o.pullOnly = true;
                    case "--start-only" -> o.startOnly = true;
                    case "--start-runs" -> o.startRuns = Integer.parseInt(args[++i]);
                    case "--start-cases" -> o.startCases = List.of(args[++i].split(","));
                    case "--jvm-option" -> o.jvmOptions.add(args[++i]);
                    case "--variant" -> {
                        String[] v = args[++i].split("=", 2);
                        o.variants.put(v[0], List.of(v[1].split(" ")));
                    }
                    case "--variant-rounds" -> o.variantRounds = Integer.parseInt(args[++i]);
                    case "--jar" -> JvmProcess.jar = Path.of(args[++i]);
                    case "--java" -> JvmProcess.jvm = Path.of(args[++i]);
                    case "--start-archive" -> o.startArchive = true;
                    case "--push-batch-size" -> o.pushBatchSize = Integer.parseInt(args[++i]);
                    case "--push-drops" -> o.pushDrops = Integer.parseInt(args[++i]);
                    case "--simulator-http1" -> o.simulatorHttp1 = true;
                    case "--large-drop-rows" -> o.largeDropRows = Integer.parseInt(args[++i]);
                    case "--large-drop-only" -> o.largeDropOnly = true;
                    case "--stand-in-push-only" -> o.standInPushOnly = true;
                    case "--simulator-only" -> o.simulatorOnly = true;
                    case "--no-feeders" -> o.feeders = false;
                    case "--simulator-loop-records" -> o.simulatorLoopRecords = Integer.parseInt(args[++i]);
                    case "--simulator-save-requests" -> o.simulatorSaveRequests = Integer.parseInt(args[++i]);
                    case "--work" -> o.work = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]);
                }
            }
            return o;
        }
    }
}
