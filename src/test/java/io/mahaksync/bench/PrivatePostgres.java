package io.mahaksync.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the suite's own, for scenarios that stop the database: initdb into a temporary
 * folder, started with pg_ctl on a free loopback port (socket in that folder too), stopped and deleted at
 * the end. Nothing else on the machine uses it, so stopping it disturbs nobody. The binaries are the
 * newest under /usr/lib/postgresql/VERSION/bin unless {@code --pg-bin DIR} names others. PostgreSQL
 * refuses to run as root: as root the commands run as the user {@code postgres}, which owns the folder.
 */
final class PrivatePostgres implements AutoCloseable {

    private static final String SERVICE_USER = "postgres";

    final int port = freePort();
    private final Path bin;
    private final Path dir;
    private final Path data;
    private final boolean asServiceUser;

    private PrivatePostgres(Path bin, Path dir) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.asServiceUser = "root".equals(System.getProperty("user.name"));
    }

    /** Creates the cluster (initdb, trust authentication for the user postgres) and starts it. */
    static PrivatePostgres start(Path binOrNull) throws Exception {
        Path bin = binOrNull != null ? binOrNull : newestInstalledBin();
        Path dir = Files.createTempDirectory("mahak-reliability-pg-");
        PrivatePostgres pg = new PrivatePostgres(bin, dir);
        try {
            if (pg.asServiceUser) {
                run(List.of("chown", SERVICE_USER, dir.toString()), "chown of " + dir);
            }
            pg.pg("initdb", "-D", pg.data.toString(), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                    "--locale=C", "--no-sync");
            pg.ctl("start");
        } catch (Exception e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The data folder, for a caller that must stop the cluster even if this JVM is killed. */
    Path dataDir() {
        return data;
    }

    Path bin() {
        return bin;
    }

    void stop() throws Exception {
        ctl("stop");
    }

    void startAgain() throws Exception {
        ctl("start");
    }

    /** Stops the cluster (fast shutdown; ignored when it is down) and deletes its folder. */
    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                pg("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
            }
        } catch (Exception e) {
            System.out.println("  private PostgreSQL: stop failed: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("  private PostgreSQL: could not delete " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "private PostgreSQL on 127.0.0.1:" + port;
    }

    private void ctl(String action) throws Exception {
        if (action.equals("start")) {
            // loopback only, socket in the cluster's own folder; durability does not matter for a scratch cluster
            pg("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        } else {
            pg("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
        }
    }

    private void pg(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (asServiceUser) {
            command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        run(command, tool + " " + String.join(" ", args));
    }

    private static void run(List<String> command, String what) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // pg_ctl start leaves the server running with our stdout inherited unless redirected: read until exit
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed: " + out.strip());
        }
    }

    private static Path newestInstalledBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries under " + root
                            + " (give them with --pg-bin DIR)"));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
