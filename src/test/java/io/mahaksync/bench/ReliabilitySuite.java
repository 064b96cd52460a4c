package io.mahaksync.bench;

import io.mahaksync.bench.SimulatorProcess.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The crash-and-fault reliability suite (bench/reliability.sh): the packaged product against the simulator
 * running alone, PostgreSQL as target, checked by comparing the target with the simulator's states.
 * Prints what it tries and a final "N passed, N failed" line; exits 1 when anything failed.
 *
 * <pre>
 * --ci               the CI-sized subset (fewer records and rounds; about three and a half minutes)
 * --jdbc-url URL     PostgreSQL target database, emptied first (default jdbc:postgresql://127.0.0.1:5432/bench_ci)
 * --user NAME        its user (default postgres)
 * --pg-bin DIR       PostgreSQL binaries for the outage scenario's private cluster (default: the newest
 *                    /usr/lib/postgresql/VERSION/bin); that scenario never stops a cluster it did not start
 * --seed N           seed of the kill moments (default: the clock; printed for reruns)
 * --work DIR         logs (default target/reliability)
 * --only TEXT        only the scenarios whose name contains TEXT (e.g. 'kill -9 during a push'); the rest are not run
 * </pre>
 */
public final class ReliabilitySuite {

    /** File in the work folder naming the private cluster while it runs: bench/reliability.sh stops it on exit. */
    static final String PRIVATE_CLUSTER_MARKER = "private-postgres";

    private final boolean ci;
    private final TargetDb target;
    private final Path pgBin;
    private final Path work;
    private final Random random;
    private SimulatorProcess simulator;
    private int passed;
    private int failed;
    private final List<String> notRun = new ArrayList<>();
    /** {@code --only}: run only the scenarios whose name contains this (null: all of them). */
    private String only;

    private ReliabilitySuite(boolean ci, TargetDb target, Path pgBin, Path work, long seed) {
        this.ci = ci;
        this.target = target;
        this.pgBin = pgBin;
        this.work = work;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        boolean ci = false;
        String url = "jdbc:postgresql://127.0.0.1:5432/bench_ci";
        String user = "postgres";
        Path pgBin = null;
        long seed = System.currentTimeMillis();
        Path work = Path.of("target", "reliability");
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ci" -> ci = true;
                case "--jdbc-url" -> url = args[++i];
                case "--user" -> user = args[++i];
                case "--pg-bin" -> pgBin = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        Files.createDirectories(work);
        System.out.printf("reliability suite%s: target %s, outage on a private PostgreSQL cluster, kill seed %d%n",
                ci ? " (CI subset)" : "", url, seed);
        ReliabilitySuite suite = new ReliabilitySuite(ci, new TargetDb(url, user), pgBin, work, seed);
        suite.only = only;
        int exit = suite.run();
        System.exit(exit);
    }

    private int run() throws Exception {
        target.ensureDatabase();
        int records = ci ? 10_000 : 200_000;
        simulator = new SimulatorProcess(work, 11, records, "1g").start();
        try {
            scenario("kill -9 during a pull", () -> killDuringPull(ci ? 3 : 20, records));
            scenario("kill -9 during a push", () -> killDuringPush(ci ? 2 : 12, ci ? 1_000 : 4_000));
            scenario("faults: 30% 429/500, tokens expiring every 3 s, slow answers", () -> faults(ci ? 10_000 : 50_000));
            scenario("database outage: a private PostgreSQL stopped for 20 s mid-sync", () -> outage(ci ? 10_000 : 50_000));
            scenario("bad input: malformed pages, wrong types, unknown fields", () -> badInput(ci ? 5_000 : 50_000));
            scenario("bad CSV input: broken quoting, wrong encodings, unknown columns", () -> badCsv(ci ? 200 : 2_000));
        } finally {
            simulator.process.kill9();
        }
        for (String n : notRun) {
            System.out.println("NOT RUN  " + n);
        }
        System.out.printf("%d passed, %d failed%s%n", passed, failed, notRun.isEmpty() ? "" : ", " + notRun.size() + " not run");
        return failed == 0 ? 0 : 1;
    }

    interface Check {
        String run() throws Exception;
    }

    /** Runs one scenario; it answers what it saw, or throws with what went wrong. */
    private void scenario(String name, Check check) {
        if (only != null && !name.contains(only)) {
            notRun.add(name + " (not chosen by --only)");
            return;
        }
        System.out.println("-- " + name);
        long start = System.nanoTime();
        try {
            String outcome = check.run();
            passed++;
            System.out.printf("PASS  %s (%.0f s): %s%n", name, (System.nanoTime() - start) / 1e9, outcome);
        } catch (Exception | AssertionError e) {
            failed++;
            System.out.printf("FAIL  %s (%.0f s): %s%n", name, (System.nanoTime() - start) / 1e9, e.getMessage());
        }
    }

    /** 1: SIGKILL at random moments of a first sync; each restart continues; nothing missing, extra, stale or ahead. */
    private String killDuringPull(int rounds, int records) throws Exception {
        Map<String, Map<Integer, State>> expected = freshStart(records);
        int kills = 0;
        int completions = 0;
        // the JVM takes a few seconds to start under load; kills land from start-up to deep into the sync
        long maxWaitMs = ci ? 8000 : 14_000;
        // pages of 500 answered after 200 ms each: a 10,000-record sync spends seconds in its page loop even on an
        // idle machine, so that the kills after the first committed page land between pages, not after the end
        simulator.faults("{\"delay\":{\"fraction\":1.0,\"ms\":200,\"endpoint\":\"GetAllData\"}}");
        int inPageLoop = 0;
        long missingBefore = Long.MAX_VALUE; // what the previous round left: a kill is in the page loop if it stored some
        for (int round = 1; round <= rounds; round++) {
            JvmProcess product = product("kill-pull-" + round).env("MAHAK_RUN_ONCE", true)
                    .env("MAHAK_PULL_PAGE_SIZE", 500).start();
            long waitMs = 2000 + (long) (random.nextDouble() * maxWaitMs);
            if (round % 2 == 0) {
                // every other kill lands in the page loop: a random moment after the first page was committed
                waitUntil(() -> !product.alive() || target.cursors().values().stream().anyMatch(c -> c > 0),
                        Duration.ofMinutes(2), "the first committed page of round " + round, 50);
                waitMs = (long) (random.nextDouble() * (ci ? 1500 : 8000));
            }
            long deadline = System.currentTimeMillis() + waitMs;
            while (product.alive() && System.currentTimeMillis() < deadline) {
                JvmProcess.sleep(20);
            }
            TargetComparison d;
            if (product.alive()) {
                product.kill9();
                kills++;
                d = TargetComparison.of(expected, target);
                // this round stored pages (fewer missing than before it) but not all of them
                boolean midLoop = d.missing < Math.min(missingBefore, d.total) && d.missing > 0;
                missingBefore = d.missing;
                if (midLoop) {
                    inPageLoop++;
                }
                System.out.printf("  round %d: killed %.1f s after %s%s; %s%n", round, waitMs / 1000.0,
                        round % 2 == 0 ? "its first committed page" : "its start", midLoop ? " (in the page loop)" : "", d);
                if (!d.consistentSoFar()) {
                    throw new AssertionError("after the kill in round " + round + ": " + d);
                }
            } else {
                Integer exit = product.awaitExit(Duration.ofSeconds(5));
                d = TargetComparison.of(expected, target);
                System.out.printf("  round %d: the run completed (exit %s) before the kill; %s%n", round, exit, d);
                if (exit == null || exit != 0 || !d.equal()) {
                    throw new AssertionError("the completed run in round " + round + " exited " + exit + ": " + d
                            + "\n" + product.tail(5));
                }
                completions++;
                missingBefore = Long.MAX_VALUE;
                target.wipe(); // start another first sync so that later kills land in one
            }
        }
        simulator.clearFaults();
        runToCompletion("kill-pull-final");
        TargetComparison d = TargetComparison.of(expected, target);
        if (!d.equal()) {
            throw new AssertionError("after the final restart: " + d);
        }
        if (kills > 0 && inPageLoop == 0) {
            throw new AssertionError("no kill landed inside the page loop (" + kills + " kills)");
        }
        return kills + " kills (" + inPageLoop + " inside the page loop), " + completions
                + " runs completed between them, final restart completed: " + d;
    }

    /** 3: the sync completes with the same final state under 429/500, short-lived tokens and slow answers. */
    private String faults(int records) throws Exception {
        Map<String, Map<Integer, State>> expected = freshStart(records);
        simulator.faults("{\"rateLimit\":{\"fraction\":0.15,\"retryAfterSeconds\":1},\"serverError\":{\"fraction\":0.15},"
                + "\"delay\":{\"fraction\":0.1,\"ms\":1500},\"tokenLifetimeSeconds\":3}");
        try {
            JvmProcess product = runToCompletion("faults", "MAHAK_PULL_PAGE_SIZE", "500", "MAHAK_READ_TIMEOUT", "PT5S");
            TargetComparison d = TargetComparison.of(expected, target);
            if (!d.equal()) {
                throw new AssertionError(d.toString());
            }
            return countStatuses() + "; " + retries(product) + "; " + d;
        } finally {
            simulator.clearFaults();
        }
    }

    /**
     * 4: PostgreSQL down for 20 s in the middle of a sync; the running service recovers and finishes by itself.
     * The database that goes down is a cluster the suite starts itself (initdb into a temporary folder, its own
     * port), never the machine's shared PostgreSQL: whatever else runs on the machine keeps its database.
     */
    private String outage(int records) throws Exception {
        Path marker = work.resolve(PRIVATE_CLUSTER_MARKER);
        try (PrivatePostgres pg = PrivatePostgres.start(pgBin)) {
            Thread stopOnExit = new Thread(pg::close, "private-postgres-stop");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            // bench/reliability.sh stops the cluster named here should this JVM die without its shutdown hooks
            Files.writeString(marker, pg.bin() + "\n" + pg.dataDir() + "\n");
            System.out.printf("  %s started%n", pg);
            try {
                TargetDb own = new TargetDb(pg.jdbcUrl("bench_outage"), "postgres");
                own.ensureDatabase();
                return outage(records, pg, own);
            } finally {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            }
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    private String outage(int records, PrivatePostgres pg, TargetDb own) throws Exception {
        Map<String, Map<Integer, State>> expected = freshStart(records, own);
        // slow pages make sure the sync is still going when the database goes away
        simulator.faults("{\"delay\":{\"fraction\":1.0,\"ms\":300}}");
        JvmProcess product = product("outage", own).env("MAHAK_PULL_PAGE_SIZE", 200).env("MAHAK_PULL_INTERVAL", "PT2S")
                .start();
        try {
            waitUntil(() -> own.cursors().values().stream().anyMatch(c -> c > 0), Duration.ofMinutes(2), "a first page");
            pg.stop();
            System.out.printf("  %s: stopped%n", pg);
            try {
                JvmProcess.sleep(20_000);
                if (!product.alive()) {
                    throw new AssertionError("the service died during the outage:\n" + product.tail(10));
                }
            } finally {
                pg.startAgain();
                System.out.printf("  %s: started again%n", pg);
            }
            simulator.clearFaults();
            long restarted = System.nanoTime();
            waitUntil(() -> TargetComparison.of(expected, own).equal(), Duration.ofMinutes(ci ? 2 : 4),
                    "the target to equal the simulator after the outage");
            if (!product.alive()) {
                throw new AssertionError("the service exited:\n" + product.tail(10));
            }
            return String.format("caught up %.0f s after PostgreSQL came back, without a restart; %s",
                    (System.nanoTime() - restarted) / 1e9, retries(product));
        } finally {
            product.kill9();
            simulator.clearFaults();
        }
    }

    /**
     * 5: a page that is not JSON stops the run with an error naming the endpoint, the collection and the position,
     * nothing of that page stored and no cursor moved; the next run completes. Wrong types and unknown fields
     * are kept in extra and reported as drift. Nothing valid is lost.
     */
    private String badInput(int records) throws Exception {
        Map<String, Map<Integer, State>> expected = freshStart(records);
        int odd = simulator.insert("people", SimulatorProcess.JSON.createObjectNode().put("firstName", "نادرست")
                .put("personGroupId", "not-a-number").put("benchUnknownField", "kept")).path("personId").asInt();
        expected.put("people", simulator.states("people"));
        expected.put("visitorPeople", simulator.states("visitorPeople")); // the new person is the visitor's
        simulator.faults("{\"malformed\":{\"next\":1,\"endpoint\":\"GetAllData\"}}");
        JvmProcess broken = product("bad-input-malformed").env("MAHAK_RUN_ONCE", true).start();
        Integer exit = broken.awaitExit(Duration.ofMinutes(3));
        String reason = broken.tail(1);
        TargetComparison afterBroken = TargetComparison.of(expected, target);
        if (exit == null || exit == 0 || !(reason.contains("not valid JSON") || reason.contains("ended early"))) {
            throw new AssertionError("a malformed page should stop the run with a clear reason; exit " + exit + ": " + reason);
        }
        if (!afterBroken.consistentSoFar()) {
            throw new AssertionError("after the malformed page: " + afterBroken);
        }
        simulator.clearFaults();
        JvmProcess product = runToCompletion("bad-input-rerun");
        TargetComparison d = TargetComparison.of(expected, target);
        if (!d.equal()) {
            throw new AssertionError("after the rerun: " + d);
        }
        String log = product.log();
        if (!log.contains("Type drift") || !log.contains("Schema drift")) {
            throw new AssertionError("the wrong type or the unknown field was not reported in the log");
        }
        String extra;
        try (Connection c = target.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT extra::text FROM mahak_person WHERE person_id = ?")) {
            ps.setInt(1, odd);
            try (ResultSet rs = ps.executeQuery()) {
                extra = rs.next() ? rs.getString(1) : null;
            }
        }
        if (extra == null || !extra.contains("not-a-number") || !extra.contains("kept")) {
            throw new AssertionError("person " + odd + " should keep the raw values in extra, has " + extra);
        }
        return "malformed page: exit " + exit + " with \"" + reason.replaceAll("^.*\\] \\(main\\) ", "") + "\" ("
                + afterBroken + "); rerun complete; person " + odd + " stored with extra " + extra
                + ", type and schema drift logged; " + d;
    }

    /**
     * 2: SIGKILL at random moments of a CSV push (run-once): while the drop is read and staged, between
     * journalling a batch and its answer, while the results are written back or the result files written.
     * After every kill no client id is saved twice in the simulator; after the final restart every row of every
     * drop is saved exactly once and reported {@code sent}.
     */
    private String killDuringPush(int rounds, int orders) throws Exception {
        freshStart(ci ? 2_000 : 5_000); // people and product details for the orders to point at
        Map<String, Long> counts = simulator.counts();
        Path inbox = work.resolve("push-inbox");
        PullBenchmark.deleteTree(inbox);
        List<PushDrop> drops = new ArrayList<>();
        drops.add(newDrop(inbox, drops.size(), orders, counts));
        int kills = 0;
        int completions = 0;
        for (int round = 1; round <= rounds; round++) {
            JvmProcess product = pushProduct("kill-push-" + round, inbox).start();
            long waitMs;
            String after;
            if (round % 2 == 1) {
                // from the start: lands in start-up, staging (the drop's one transaction) or the first batches
                waitUntil(() -> !product.alive() || product.log().contains(" started in "), Duration.ofMinutes(2),
                        "the start of round " + round, 50);
                waitMs = (long) (random.nextDouble() * 2500);
                after = "its start";
            } else {
                // after staging: lands between journal, SaveAllData and write-back, or in the result files
                waitUntil(() -> !product.alive() || product.log().contains("staged:") || product.log().contains("Resuming drop"),
                        Duration.ofMinutes(2), "the staging of round " + round, 50);
                waitMs = (long) (random.nextDouble() * (ci ? 3000 : 6000));
                after = "staging";
            }
            long deadline = System.currentTimeMillis() + waitMs;
            while (product.alive() && System.currentTimeMillis() < deadline) {
                JvmProcess.sleep(20);
            }
            if (product.alive()) {
                product.kill9();
                kills++;
                PushCheck c = PushCheck.of(simulator, drops);
                System.out.printf("  round %d: killed %.1f s after %s (%d batch lines in its log); %s%n", round,
                        waitMs / 1000.0, after, product.log().lines().filter(l -> l.contains(" sent, ")).count(), c);
                if (c.twice > 0) {
                    throw new AssertionError("after the kill in round " + round + ": " + c);
                }
            } else {
                Integer exit = product.awaitExit(Duration.ofSeconds(5));
                PushCheck c = PushCheck.of(simulator, drops);
                System.out.printf("  round %d: the push completed (exit %s) before the kill; %s%n", round, exit, c);
                if (exit == null || exit != 0 || !c.complete()) {
                    throw new AssertionError("the completed push in round " + round + " exited " + exit + ": " + c
                            + "\n" + product.tail(5));
                }
                completions++;
                drops.add(newDrop(inbox, drops.size(), orders, counts)); // so that later kills land in a push again
            }
        }
        runToCompletion(pushProduct("kill-push-final", inbox));
        PushCheck c = PushCheck.of(simulator, drops);
        if (!c.complete()) {
            throw new AssertionError("after the final restart: " + c);
        }
        return kills + " kills, " + completions + " pushes completed between them, final restart completed: " + c;
    }

    private static PushDrop newDrop(Path inbox, int n, int orders, Map<String, Long> counts) throws Exception {
        PushDrop drop = new PushDrop(inbox.resolve("drop-" + n), orders, 4, 1_000_000L * (n + 1))
                .write(counts.get("people"), counts.get("productDetails"));
        drop.ready();
        return drop;
    }

    /** What the simulator saved of some drops and what their result files say, by client id. */
    static final class PushCheck {
        long expected;
        long saved;
        long twice;
        long lost;
        long reportedSent = -1;

        static PushCheck of(SimulatorProcess simulator, List<PushDrop> drops) throws Exception {
            PushCheck c = new PushCheck();
            Map<Long, Integer> orders = simulator.savedPerClientId(PushDrop.ORDERS, "orderClientId");
            Map<Long, Integer> details = simulator.savedPerClientId(PushDrop.DETAILS, "orderDetailClientId");
            c.saved = orders.size() + details.size();
            c.twice = orders.values().stream().filter(n -> n > 1).count()
                    + details.values().stream().filter(n -> n > 1).count();
            boolean allDone = true;
            long sent = 0;
            for (PushDrop d : drops) {
                c.expected += d.rows();
                for (int i = 0; i < d.orders; i++) {
                    c.lost += orders.containsKey(d.orderClientId(i)) ? 0 : 1;
                    for (int k = 0; k < d.detailsPerOrder; k++) {
                        c.lost += details.containsKey(d.detailClientId(i, k)) ? 0 : 1;
                    }
                }
                if (Files.exists(d.done())) {
                    sent += countSent(d.done().resolve(PushDrop.ORDERS + ".result.csv"))
                            + countSent(d.done().resolve(PushDrop.DETAILS + ".result.csv"));
                } else {
                    allDone = false;
                }
            }
            c.reportedSent = allDone ? sent : -1;
            return c;
        }

        private static long countSent(Path resultFile) throws Exception {
            try (var lines = Files.lines(resultFile)) {
                return lines.filter(l -> l.contains(",sent,")).count();
            }
        }

        /** Every row saved exactly once and reported sent, every drop in .done. */
        boolean complete() {
            return twice == 0 && lost == 0 && saved == expected && reportedSent == expected;
        }

        @Override
        public String toString() {
            return String.format("%d of %d rows saved, %d saved twice, %d not (yet) saved, %s", saved, expected, twice,
                    lost, reportedSent < 0 ? "not every drop in .done yet" : reportedSent + " reported sent");
        }
    }

    /**
     * 6: a drop with the mistakes ERPs make: a stray quote, rows saved as Windows-1256, a row with a cell too
     * many, and a file with a column the entity does not have. Each mistake is reported on its own row of the
     * result file with a clear reason; every other row is sent. A file with an unknown column is refused row by
     * row (the column may be a misspelt field whose values must not be dropped silently).
     */
    private String badCsv(int people) throws Exception {
        freshStart(1_000);
        Path inbox = work.resolve("bad-csv-inbox");
        PullBenchmark.deleteTree(inbox);
        Path dir = inbox.resolve("bad-drop");
        Files.createDirectories(dir);
        long first = 5_000_000L;
        java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream();
        csv.write("personClientId,firstName,lastName,credit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<Long, String> expectedError = new LinkedHashMap<>(); // result-file row -> what its error must say
        long row = 1;
        for (int i = 0; i < people; i++) {
            row++;
            long id = first + i;
            if (i == people / 4) {
                csv.write((id + ",\"علی,رضایی,100\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                expectedError.put(row, "broken quoting");
            } else if (i == people / 2) {
                csv.write((id + ",").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                csv.write("سارا,احمدی".getBytes(java.nio.charset.Charset.forName("windows-1256")));
                csv.write(",200\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                expectedError.put(row, "not UTF-8");
            } else if (i == 3 * people / 4) {
                csv.write((id + ",مریم,کریمی,300,اضافه\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                expectedError.put(row, "has 5 cells, the header has 4");
            } else {
                csv.write((id + ",\"نام " + i + "، خانم\",خانوادگی," + i + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Files.write(dir.resolve("people.csv"), csv.toByteArray());
        Files.writeString(dir.resolve("productCategories.csv"), "productCategoryClientId,name,benchColour\n"
                + "7000001,چای,سبز\n7000002,قند,سفید\n");
        Files.writeString(dir.resolve("_READY"), "");
        JvmProcess product = runToCompletion(pushProduct("bad-csv", inbox));
        Path done = inbox.resolve(".done").resolve("bad-drop");
        if (!Files.exists(done.resolve("people.result.csv"))) {
            throw new AssertionError("the drop did not reach .done with its result files: " + product.tail(5));
        }
        List<String> results = Files.readAllLines(done.resolve("people.result.csv"));
        long sent = 0;
        for (String line : results.subList(1, results.size())) {
            long r = Long.parseLong(line.substring(0, line.indexOf(',')));
            String want = expectedError.get(r);
            if (want == null && line.contains(",sent,")) {
                sent++;
            } else if (want == null || !line.contains(",invalid,") || !line.contains(want)) {
                throw new AssertionError("people.result.csv row " + r + " should be " + (want == null ? "sent" : "invalid: "
                        + want) + ", is: " + line);
            }
        }
        if (sent != people - 3 || results.size() != people + 1) {
            throw new AssertionError("people.result.csv: " + sent + " rows sent of " + (people - 3) + " valid, "
                    + (results.size() - 1) + " result rows for " + people + " input rows");
        }
        Map<Long, Integer> saved = simulator.savedPerClientId("people", "personClientId");
        if (saved.size() != people - 3 || saved.values().stream().anyMatch(n -> n != 1)) {
            throw new AssertionError("the simulator saved " + saved.size() + " people, expected " + (people - 3));
        }
        List<String> categories = Files.readAllLines(done.resolve("productCategories.result.csv"));
        if (categories.size() != 3 || !categories.stream().skip(1).allMatch(l -> l.contains(",invalid,")
                && l.contains("unknown field 'benchColour'"))) {
            throw new AssertionError("productCategories.result.csv should refuse both rows for the unknown column: "
                    + categories);
        }
        StringBuilder errors = new StringBuilder();
        for (String line : results) {
            if (line.contains(",invalid,")) {
                errors.append("\n      ").append(line);
            }
        }
        return sent + " of " + people + " people sent and saved once; people.result.csv:" + errors
                + "\n      productCategories.result.csv: " + categories.get(1);
    }

    /** A run-once product that pushes the drops of an inbox and nothing else. */
    private JvmProcess pushProduct(String name, Path inbox) {
        // a killed run's drop claim runs out after the lease; a short one keeps the rounds short
        return product(name).env("MAHAK_RUN_ONCE", true).env("MAHAK_PULL_ENABLED", false)
                .env("MAHAK_PUSH_INBOX", inbox.toAbsolutePath()).env("MAHAK_PUSH_DROP_CLAIM_LEASE", "PT5S");
    }

    /** The simulator reseeded, the target emptied; answers what a complete sync must produce. */
    private Map<String, Map<Integer, State>> freshStart(int records) throws Exception {
        return freshStart(records, target);
    }

    private Map<String, Map<Integer, State>> freshStart(int records, TargetDb db) throws Exception {
        simulator.clearFaults();
        simulator.reset(11, records);
        db.wipe();
        Map<String, Map<Integer, State>> expected = new LinkedHashMap<>();
        for (String entity : simulator.counts().keySet()) {
            expected.put(entity, simulator.states(entity));
        }
        simulator.admin("DELETE", "requests", null);
        return expected;
    }

    private JvmProcess runToCompletion(String name, String... env) {
        JvmProcess product = product(name).env("MAHAK_RUN_ONCE", true);
        for (int i = 0; i < env.length; i += 2) {
            product.env(env[i], env[i + 1]);
        }
        return runToCompletion(product);
    }

    private JvmProcess runToCompletion(JvmProcess product) {
        String name = product.name;
        product.start();
        Integer exit = product.awaitExit(Duration.ofMinutes(ci ? 3 : 8));
        if (exit == null || exit != 0) {
            throw new AssertionError(name + ": the run did not complete (exit " + exit + "): " + product.tail(3));
        }
        return product;
    }

    private JvmProcess product(String name) {
        return product(name, target);
    }

    private JvmProcess product(String name, TargetDb db) {
        return new JvmProcess(name, work).option("-Xmx256m")
                .env("MAHAK_BASE_URL", simulator.baseUrl())
                .env("MAHAK_SIMULATOR_ENABLED", false)
                .env("MAHAK_TARGET_JDBC_URL", db.jdbcUrl)
                .env("MAHAK_TARGET_USERNAME", db.user)
                .env("MAHAK_PUSH_ENABLED", false)
                .env("MAHAK_RETRY_INITIAL_DELAY_MS", 200);
    }

    private String countStatuses() {
        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        simulator.requestLog().forEach(r -> byStatus.merge(r.path("status").asInt(), 1, Integer::sum));
        return "last " + byStatus.values().stream().mapToInt(Integer::intValue).sum() + " calls by status " + byStatus;
    }

    private static String retries(JvmProcess product) {
        long retries = product.log().lines().filter(l -> l.contains("On delivery attempt") || l.contains("redelivery")).count();
        return retries + " retry lines in the product's log";
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitUntil(Condition condition, Duration timeout, String what) throws Exception {
        waitUntil(condition, timeout, what, 1000);
    }

    private static void waitUntil(Condition condition, Duration timeout, String what, long pollMs) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // the database may still be starting
            }
            JvmProcess.sleep(pollMs);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
