package io.mahaksync.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mahaksync.testsupport.MariaDbTarget;
import io.mahaksync.testsupport.PostgresTarget;
import io.mahaksync.testsupport.StopsWithTheApp;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Mahak on loopback that misbehaves as a real server on a bad day can: its login answers HTTP
 * 400 with the request echoed (password hash included), and its GetAllData can send half a body
 * and stall. Otherwise login hands out a token and GetAllData answers {@link #page} verbatim.
 */
final class HostileMahak {

    static final String PASSWORD = "Hostile-PW-5ecret-31";
    static final String TOKEN = "hostile-SECRET-token-8d1f";
    static final int PORT = freePort();

    static final AtomicReference<String> page = new AtomicReference<>("{\"Result\":true,\"Data\":{\"Objects\":{}}}");
    /** Login echoes the request under HTTP 400 instead of answering it. */
    static volatile boolean loginEchoes;
    /** This many GetAllData calls send half of their body, then stall until {@link #release()}. */
    static final AtomicInteger stallNext = new AtomicInteger();
    static final AtomicInteger getAllDataCalls = new AtomicInteger();
    private static volatile CountDownLatch stall = new CountDownLatch(1);
    private static HttpServer server;

    /** Service settings: this stub as Mahak, its password, the given target database. */
    static Map<String, String> settings(Map<String, String> target) {
        Map<String, String> c = new HashMap<>(target);
        c.put("mahak.base-url", "http://127.0.0.1:" + PORT + "/API/v3");
        c.put("mahak.password", PASSWORD);
        c.put("mahak.health.login-attempt-interval", "PT0S");
        c.put("mahak.read-timeout", "PT2S");
        c.put("quarkus.log.category.\"io.mahaksync\".level", "DEBUG");
        return c;
    }

    public static class OnH2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return settings(Map.of());
        }
    }

    public static class OnPostgres extends PostgresTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return settings(super.getConfigOverrides());
        }
    }

    public static class OnMariaDb extends MariaDbTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return settings(super.getConfigOverrides());
        }
    }

    static synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-mahak");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/API/v3/Sync/LoginV2", HostileMahak::login);
        server.createContext("/API/v3/Sync/GetAllDataV2", HostileMahak::getAllData);
        server.createContext("/API/v3/Sync/Login", HostileMahak::login); // the V1 paths, the default
        server.createContext("/API/v3/Sync/GetAllData", HostileMahak::getAllData);
        server.start();
        StopsWithTheApp.register(server);
        StopsWithTheApp.register(HostileMahak::release); // first: stalled answers end before the server stops
    }

    /** Back to a well-behaved server; stalled answers end. */
    static void reset() {
        loginEchoes = false;
        stallNext.set(0);
        getAllDataCalls.set(0);
        release();
        stall = new CountDownLatch(1);
    }

    static void release() {
        stall.countDown();
    }

    private static void login(HttpExchange x) throws IOException {
        String request = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (loginEchoes) {
            // As a misconfigured gateway does: the refused request, whole, padded with its own noise.
            send(x, 400, "{\"Message\":\"The request is invalid.\",\"ModelState\":{\"request\":[\"bad model\"]},"
                    + "\"Request\":" + request + ",\"Trace\":\"" + "x".repeat(6000) + "\"}");
            return;
        }
        send(x, 200, "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"UserToken\":\"" + TOKEN
                + "\",\"SyncId\":1}}");
    }

    private static void getAllData(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        getAllDataCalls.incrementAndGet();
        byte[] body = page.get().getBytes(StandardCharsets.UTF_8);
        if (stallNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            x.sendResponseHeaders(200, body.length);
            OutputStream out = x.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            try {
                stall.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close(); // the rest never comes
            return;
        }
        send(x, 200, page.get());
    }

    private static void send(HttpExchange x, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
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
