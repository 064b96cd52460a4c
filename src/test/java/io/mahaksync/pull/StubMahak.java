package io.mahaksync.pull;

import com.sun.net.httpserver.HttpServer;
import io.mahaksync.testsupport.StopsWithTheApp;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A hand-written Mahak on loopback for answers the simulator never gives: bodies a test writes
 * verbatim. Login always succeeds; GetAllData answers whatever {@link #nextGetAllData} holds.
 */
final class StubMahak {

    static final int PORT = freePort();
    static final AtomicReference<String> nextGetAllData = new AtomicReference<>("{\"Result\":true,\"Data\":{\"Objects\":{}}}");
    private static HttpServer server;

    /** Points the service at the stub instead of the built-in simulator. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.base-url", "http://127.0.0.1:" + PORT + "/API/v3");
        }
    }

    static synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.createContext("/API/v3/Sync/Login", exchange -> answer(exchange,
                "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"UserToken\":\"stub-token\",\"SyncId\":1}}"));
        server.createContext("/API/v3/Sync/GetAllData", exchange -> answer(exchange, nextGetAllData.get()));
        server.start();
        StopsWithTheApp.register(server);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
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
