package io.mahaksync.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of the benchmark's feeders: a plain JDK server on loopback (a free port) that dispatches
 * {@code POST /API/v3/Sync/<endpoint>} (V1 and V2 paths, any case) to a handler and counts, per endpoint,
 * the requests answered and the time spent answering them (body read to last byte written): the feeder's own
 * serving time, printed beside the product's so that the benchmark shows the feeder is not the limit.
 */
final class FeederHttp implements AutoCloseable {

    /** Answers one request: the body it was sent, the bytes to send back (already complete). */
    interface Handler {
        Answer answer(String endpoint, byte[] body, HttpExchange exchange) throws IOException;
    }

    /** An answer as byte chunks written in order (a page is a head, slices of one big array and a tail). */
    record Answer(int status, byte[][] chunks, int[] offsets, int[] lengths) {
        static Answer of(byte[] whole) {
            return new Answer(200, new byte[][] {whole}, new int[] {0}, new int[] {whole.length});
        }

        long length() {
            long n = 0;
            for (int l : lengths) {
                n += l;
            }
            return n;
        }
    }

    /** Requests answered and nanoseconds spent, per endpoint (V2 counted with V1). */
    static final class Served {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        double seconds() {
            return nanos.get() / 1e9;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Served> served = new ConcurrentHashMap<>();

    FeederHttp(Map<String, Handler> handlers) throws IOException {
        // The JDK server leaves Nagle's algorithm on: a small answer then waits for the client's delayed ACK
        // (about 40 ms a request on loopback), which made the stand-in slower than the simulator it replaces.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "feeder-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                long start = System.nanoTime();
                String path = exchange.getRequestURI().getPath();
                String endpoint = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                if (endpoint.endsWith("v2")) {
                    endpoint = endpoint.substring(0, endpoint.length() - 2);
                }
                Handler handler = handlers.get(endpoint);
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (handler == null || !"POST".equals(exchange.getRequestMethod())) {
                    byte[] refusal = ("{\"Result\":false,\"Code\":404,\"Message\":\"not served by the feeder: " + path
                            + "\",\"Data\":null}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(404, refusal.length);
                    exchange.getResponseBody().write(refusal);
                    return;
                }
                Answer answer = handler.answer(endpoint, body, exchange);
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                long length = answer.length();
                exchange.sendResponseHeaders(answer.status(), length == 0 ? -1 : length);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < answer.chunks().length; i++) {
                    out.write(answer.chunks()[i], answer.offsets()[i], answer.lengths()[i]);
                }
                out.flush();
                Served s = served.computeIfAbsent(endpoint, k -> new Served());
                s.requests.incrementAndGet();
                s.bytes.addAndGet(length);
                s.nanos.addAndGet(System.nanoTime() - start);
            } catch (IOException | RuntimeException e) {
                System.err.println("feeder: " + e);
            }
        });
        server.start();
    }

    /** What the product's MAHAK_BASE_URL must be. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/API/v3";
    }

    Served served(String endpoint) {
        return served.computeIfAbsent(endpoint.toLowerCase(Locale.ROOT), k -> new Served());
    }

    void resetCounters() {
        served.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
