package io.mahaksync.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mahaksync.testsupport.StopsWithTheApp;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Mahak on loopback for what the call routes must do with an answer: it records the headers of the last
 * GetAllData request, answers 401 to as many GetAllData calls as asked, and can send the first half of a page
 * and hold the rest back until the test has read its first record.
 */
final class RouteStubMahak {

    static final int PORT = freePort();
    static final String PAGE_HEAD = "{\"Result\":true,\"Code\":0,\"Data\":{\"Objects\":{\"Banks\":["
            + "{\"BankId\":1,\"Name\":\"first\",\"RowVersion\":1},";
    static final String PAGE_TAIL = "{\"BankId\":2,\"Name\":\"second\",\"RowVersion\":2}]}}}";

    static final AtomicInteger logins = new AtomicInteger();
    static final AtomicInteger getAllDataCalls = new AtomicInteger();
    /** The statuses the next GetAllData calls are answered with, one each, before a page again. */
    static final Queue<Integer> statusesNext = new ConcurrentLinkedQueue<>();
    static final AtomicReference<Headers> lastRequestHeaders = new AtomicReference<>();
    /** The next GetAllData sends its head, then waits for {@link #release} before its tail. */
    static volatile boolean holdTail;
    static volatile CountDownLatch release = new CountDownLatch(1);
    /** Whether the held tail went out completely (false: the client cut the connection). */
    static final AtomicBoolean tailSent = new AtomicBoolean();
    static volatile CountDownLatch tailDone = new CountDownLatch(1);
    private static HttpServer server;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.base-url", "http://127.0.0.1:" + PORT + "/API/v3",
                    "mahak.health.login-attempt-interval", "PT1H");
        }
    }

    static synchronized void start() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "route-stub-mahak");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/API/v3/Sync/Login", RouteStubMahak::login);
            server.createContext("/API/v3/Sync/GetAllData", RouteStubMahak::getAllData);
            server.createContext("/API/v3/Sync/SaveAllData", RouteStubMahak::saveAllData);
            server.start();
            StopsWithTheApp.register(server);
        }
    }

    static void reset() {
        logins.set(0);
        getAllDataCalls.set(0);
        statusesNext.clear();
        lastRequestHeaders.set(null);
        holdTail = false;
        release.countDown();
        release = new CountDownLatch(1);
        tailSent.set(false);
        tailDone = new CountDownLatch(1);
    }

    private static void login(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        int n = logins.incrementAndGet();
        send(x, 200, "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"UserToken\":\"route-stub-token-" + n
                + "\",\"VisitorId\":3,\"SyncId\":1}}");
    }

    private static void getAllData(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        getAllDataCalls.incrementAndGet();
        lastRequestHeaders.set(x.getRequestHeaders());
        Integer forced = statusesNext.poll();
        if (forced != null) {
            send(x, forced, "{\"Message\":\"Answered " + forced + " as the test asked.\"}");
            return;
        }
        if (!holdTail) {
            send(x, 200, PAGE_HEAD + PAGE_TAIL);
            return;
        }
        x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        x.getResponseHeaders().add("X-Stub-Answer", "held");
        x.sendResponseHeaders(200, 0); // chunked
        OutputStream out = x.getResponseBody();
        out.write(PAGE_HEAD.getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            release.await(20, TimeUnit.SECONDS);
            // a cut connection shows when more is written than fits in the socket's buffers
            byte[] filler = (" ".repeat(8191) + "\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 256; i++) {
                out.write(filler);
                out.flush();
            }
            out.write(PAGE_TAIL.getBytes(StandardCharsets.UTF_8));
            out.close();
            tailSent.set(true);
        } catch (IOException | InterruptedException cut) {
            // the client went away before the tail
        } finally {
            tailDone.countDown();
            x.close();
        }
    }

    /** Every SaveAllData is answered as saved, nothing in it (the answer's shape is the simulator's concern). */
    private static void saveAllData(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        send(x, 200, "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"Objects\":{}}}");
    }

    private static void send(HttpExchange x, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        x.getResponseHeaders().add("X-Stub-Answer", "whole");
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
