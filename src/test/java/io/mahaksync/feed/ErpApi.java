package io.mahaksync.feed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for an ERP's REST API on 127.0.0.1 (the JDK's HTTP server): it keeps every POST it
 * answered 200, can answer the next requests 503, and can take its time before answering.
 */
public final class ErpApi implements AutoCloseable {

    /** One accepted POST: its JSON body and Idempotency-Key header. */
    public record Received(String body, String idempotencyKey) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Received> accepted = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Duration pause = Duration.ZERO;

    public ErpApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/people", this::handle);
        threads = Executors.newFixedThreadPool(2);
        server.setExecutor(threads);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/people";
    }

    /** The next {@code n} requests are answered 503. */
    public void failNext(int n) {
        failures.set(n);
    }

    /** Each answer waits this long first. */
    public void pause(Duration d) {
        pause = d;
    }

    /** Requests received and not answered yet. */
    public int inFlight() {
        return inFlight.get();
    }

    public int refused() {
        return refused.get();
    }

    public synchronized List<Received> accepted() {
        return List.copyOf(accepted);
    }

    public synchronized void clear() {
        accepted.clear();
        refused.set(0);
        failures.set(0);
        pause = Duration.ZERO;
    }

    private void handle(HttpExchange http) throws IOException {
        byte[] body;
        try (InputStream in = http.getRequestBody()) {
            body = in.readAllBytes();
        }
        inFlight.incrementAndGet();
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        int status = 200;
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
            refused.incrementAndGet();
        } else {
            synchronized (this) {
                accepted.add(new Received(new String(body, StandardCharsets.UTF_8),
                        http.getRequestHeaders().getFirst("Idempotency-Key")));
            }
        }
        byte[] answer = (status == 200 ? "{\"ok\":true}" : "{\"error\":\"busy\"}").getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().add("Content-Type", "application/json");
        http.sendResponseHeaders(status, answer.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
