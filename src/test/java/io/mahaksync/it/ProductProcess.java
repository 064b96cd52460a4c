package io.mahaksync.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private Process process;

    ProductProcess(Path workDir) {
        this.log = workDir.resolve("product.log");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("MAHAK_BASE_URL", "http://localhost:" + port + "/API/v3");
    }

    ProductProcess with(String name, String value) {
        env.put(name, value);
        return this;
    }

    ProductProcess start() throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
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
