package io.mahaksync.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mahaksync.testsupport.StopsWithTheApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving Mahak on a real local port: two logins work (each hands out a fresh secret token),
 * later logins are refused with 1002; the first GetAllData answers an empty page, later ones
 * alternate between 401 and 500. The pull's backwards probe always gets an empty page. Enough to drive a pull through every failure path.
 */
final class OpsFailingMahak {

    static final OpsFailingMahak INSTANCE = start();

    final List<String> tokensIssued = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger pulls = new AtomicInteger();
    private HttpServer server;

    private static OpsFailingMahak start() {
        OpsFailingMahak m = new OpsFailingMahak();
        try {
            m.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        m.server.createContext("/API/v3/Sync/", m::handle);
        m.server.start();
        StopsWithTheApp.register(m.server);
        return m;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/API/v3";
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = x.getRequestURI().getPath().toLowerCase();
        if (path.endsWith("/login") || path.endsWith("/loginv2")) {
            if (logins.incrementAndGet() <= 2) {
                String token = "tok-SECRET-" + UUID.randomUUID();
                tokensIssued.add(token);
                send(x, 200, "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"UserToken\":\"" + token
                        + "\",\"SyncId\":1,\"VisitorId\":1,\"DatabaseId\":1,\"ErrorCode\":0}}");
            } else {
                send(x, 200, "{\"Result\":false,\"Code\":1002,\"Message\":\"invalid user name or password\",\"Data\":null}");
            }
            return;
        }
        if (body.matches("(?s).*\"pageSize\"\\s*:\\s*1\\b.*")) {
            // the pull's backwards probe (one record per entity from version 0): not part of the script
            send(x, 200, "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"Objects\":{\"People\":[]}}}");
            return;
        }
        int n = pulls.incrementAndGet();
        if (n == 1) {
            send(x, 200, "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"Objects\":{\"People\":[]}}}");
        } else if (n % 2 == 0) {
            x.getResponseHeaders().add("Retry-After", "0");
            send(x, 500, "{\"Message\":\"An error has occurred.\"}");
        } else {
            send(x, 401, "");
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
