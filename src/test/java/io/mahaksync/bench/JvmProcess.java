package io.mahaksync.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged product ({@code target/quarkus-app/quarkus-run.jar}) started as its own process, the way a
 * user runs it: settings by environment variables and -D options, output to a log file. Everything the
 * bench and the reliability suite need from a process: its pid, RSS, SIGKILL, exit code and log.
 */
final class JvmProcess {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    /** USER_HZ of /proc/<pid>/stat: 100 on Linux for every architecture the bench runs on. */
    private static final int CLOCK_TICKS = 100;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        // a bench interrupted with Ctrl-C must not leave products or simulators behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    /** The packaged product every process runs (the bench's --jar: an earlier build, to compare with). */
    static Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** The JVM that runs it (the bench's --java: another JDK than the bench's own). */
    static Path jvm = Path.of(System.getProperty("java.home"), "bin", "java");

    final String name;
    final int port = freePort();
    final Path log;
    final List<String> jvmOptions = new ArrayList<>();
    final Map<String, String> env = new LinkedHashMap<>();
    private Path directory;
    private Process process;
    private long startedAtNanos;

    JvmProcess(String name, Path workDir) {
        this.name = name;
        this.log = workDir.resolve(name + ".log");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // the product's admin API (ops) refuses to start without a password; neither the bench nor the suite
        // uses it (the simulator's own admin API under /simulator/admin is separate and stays on)
        env.put("MAHAK_ADMIN_ENABLED", "false");
    }

    JvmProcess option(String jvmOption) {
        jvmOptions.add(jvmOption);
        return this;
    }

    JvmProcess env(String name, Object value) {
        env.put(name, String.valueOf(value));
        return this;
    }

    /** The working directory of the process (where ./data and ./config are), instead of the bench's own. */
    JvmProcess directory(Path dir) {
        directory = dir;
        return this;
    }

    JvmProcess start() {
        List<String> command = new ArrayList<>();
        command.add(jvm.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(env);
        try {
            startedAtNanos = System.nanoTime();
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name + ": " + e.getMessage(), e);
        }
        RUNNING.add(process);
        return this;
    }

    long pid() {
        return process.pid();
    }

    long startedAtNanos() {
        return startedAtNanos;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no rollback by the product; what a crash or an OOM kill does. */
    void kill9() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RUNNING.remove(process);
    }

    /** SIGTERM, as Kubernetes stops a pod; returns the seconds until the process had exited (it is killed after 60 s). */
    double sigterm() {
        long t0 = System.nanoTime();
        process.destroy();
        awaitExit(Duration.ofSeconds(60));
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The exit code, or null when it did not end within the time (then it is killed). */
    Integer awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill9();
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        RUNNING.remove(process);
        return process.exitValue();
    }

    /** VmRSS (now) or VmHWM (peak) from /proc, in KiB; 0 when the process is gone. */
    long memoryKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two samples
        }
        return 0;
    }

    /**
     * CPU seconds the process has used so far, user + system, over all its threads (JIT and GC included): a
     * figure a busy machine distorts far less than wall time. NaN when the process is gone.
     */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces: utime is 14th, stime 15th
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The 1-minute load average of the machine now. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Polls a GET on the process's own port until it answers 200; returns the seconds since start. */
    double awaitHttp(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name + " ended before answering " + path + "; last log lines:\n" + tail(20));
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(path)))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return (System.nanoTime() - startedAtNanos) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(50);
        }
        throw new IllegalStateException(name + " did not answer " + path + " within " + timeout + "; last log lines:\n"
                + tail(20));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    String tail(int lines) {
        String[] all = log().split("\\R");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
