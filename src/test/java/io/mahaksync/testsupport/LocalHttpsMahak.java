package io.mahaksync.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A Mahak stand-in over HTTPS on 127.0.0.1 whose certificate is self-signed, made for this run with the
 * JDK's keytool (SAN ip:127.0.0.1), as a site's own CA would issue it. Every request is answered with a
 * successful login (or an empty GetAllData page); it counts the connections it accepts (one per request:
 * it closes each) and the requests that got through the TLS handshake.
 */
public final class LocalHttpsMahak {

    public static final LocalHttpsMahak INSTANCE = start();
    public static final String TRUST_STORE_PASSWORD = "trust-store-pw";
    private static final String SERVER_PASSWORD = "server-store-pw";

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private Path trustStore;
    private Path caPem;
    private SSLServerSocket socket;

    private static LocalHttpsMahak start() {
        LocalHttpsMahak m = new LocalHttpsMahak();
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "tls-");
            Path server = dir.resolve("server.p12");
            m.caPem = dir.resolve("site-ca.pem");
            m.trustStore = dir.resolve("trust.p12");
            keytool("-genkeypair", "-alias", "mahak", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1, O=Site CA of the test", "-ext", "SAN=ip:127.0.0.1",
                    "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", SERVER_PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "mahak", "-keystore", server.toString(), "-storepass",
                    SERVER_PASSWORD, "-file", m.caPem.toString());
            keytool("-importcert", "-noprompt", "-alias", "site-ca", "-file", m.caPem.toString(), "-keystore",
                    m.trustStore.toString(), "-storetype", "PKCS12", "-storepass", TRUST_STORE_PASSWORD);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(server)) {
                keys.load(in, SERVER_PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, SERVER_PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            m.socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getByName("127.0.0.1"));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the local HTTPS Mahak", e);
        }
        Thread acceptor = new Thread(m::acceptLoop, "local-https-mahak");
        acceptor.setDaemon(true);
        acceptor.start();
        StopsWithTheApp.register(() -> {
            try {
                m.socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return m;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve((SSLSocket) s), "local-https-mahak-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket s) {
        try (s) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            int length = 0;
            for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                if (h.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            for (int i = 0; i < length; i++) {
                in.read();
            }
            String body = requestLine != null && requestLine.contains("GetAllData")
                    ? "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"Objects\":{}}}"
                    : "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"UserToken\":\"tls-token\",\"SyncId\":1}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                    + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            answered.incrementAndGet();
        } catch (IOException refusedOrGone) {
            // the client refused the certificate (or went away): counted as a connection only
        }
    }

    public String baseUrl() {
        return "https://127.0.0.1:" + socket.getLocalPort() + "/API/v3";
    }

    /** A PKCS12 trust store holding the site's CA (password {@link #TRUST_STORE_PASSWORD}). */
    public Path trustStore() {
        return trustStore;
    }

    /** The same CA as a PEM file. */
    public Path caPem() {
        return caPem;
    }

    public int connections() {
        return connections.get();
    }

    public int answered() {
        return answered.get();
    }
}
