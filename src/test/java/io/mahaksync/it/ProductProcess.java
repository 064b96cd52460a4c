package io.mahaksync.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged product started as a separate process, configured by environment variables only,
 * the way a user runs it ({@code java -jar target/quarkus-app/quarkus-run.jar}).
 */
final class ProductProcess {

    final int port = freePort();
    final Map<String, String> env = new HashMap<>();
    private final Path log;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Process process;
    private long startedAtNanos;

    ProductProcess(Path workDir) {
        this.log = workDir.resolve("product.log");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("MAHAK_BASE_URL", "http://localhost:" + port + "/API/v3");
    }

    ProductProcess with(String name, String value) {
        env.put(name, value);
        return this;
    }

    ProductProcess without(String name) {
        env.remove(name);
        return this;
    }

    ProductProcess start() throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        startedAtNanos = System.nanoTime();
        process = builder.start();
        return this;
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The product did not exit within " + seconds + " s; its log:\n" + log());
        }
        return process.exitValue();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 20 s). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** SIGTERM, as Kubernetes or Ctrl-C stop it; returns the seconds until the process had exited. */
    double sigterm() throws InterruptedException {
        long t0 = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The product did not stop within 60 s of SIGTERM; its log:\n" + log());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** SIGKILL (kill -9): the process dies at once, as on an out-of-memory kill or a lost node. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("The product did not die within 20 s of SIGKILL");
        }
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Waits until the log holds {@code text}; returns the seconds waited. */
    double awaitLog(String text, long seconds) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("The product ended before logging '" + text + "'; its log:\n" + log());
            }
            if (System.nanoTime() - t0 > seconds * 1_000_000_000L) {
                throw new AssertionError("The product did not log '" + text + "' within " + seconds + " s; its log:\n"
                        + log());
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The status and body of a GET on the product's own port; status 0 while nothing listens. */
    HttpResult get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.body());
        } catch (IOException e) {
            return new HttpResult(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HttpResult(0, "interrupted");
        }
    }

    record HttpResult(int status, String body) {
    }

    /** Seconds since the process was started. */
    double uptime() {
        return (System.nanoTime() - startedAtNanos) / 1e9;
    }

    /** Polls {@code path} until it answers 200; returns the seconds since the process was started. */
    double awaitOk(String path, long seconds) throws InterruptedException {
        while (get(path).status() != 200) {
            if (!process.isAlive()) {
                throw new AssertionError("The product ended before " + path + " answered 200; its log:\n" + log());
            }
            if (uptime() > seconds) {
                throw new AssertionError(path + " did not answer 200 within " + seconds + " s: " + get(path) + "\n" + log());
            }
            Thread.sleep(20);
        }
        return uptime();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String lastLogLine() {
        String[] lines = log().strip().split("\\R");
        return lines[lines.length - 1];
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
