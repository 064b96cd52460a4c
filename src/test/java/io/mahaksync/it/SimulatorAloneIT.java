package io.mahaksync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "run the simulator alone" command, on the packaged product, answered with plain HTTP and ready. */
class SimulatorAloneIT {

    @TempDir
    Path work;

    @Test
    void theSimulatorProfileAnswersALoginAndIsReadyWithoutAnyOtherSetting() throws Exception {
        ProductProcess simulator = new ProductProcess(work).with("QUARKUS_PROFILE", "simulator").start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest login = HttpRequest.newBuilder(URI.create("http://localhost:" + simulator.port
                    + "/api/v3/sync/loginv2")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"userName\":\"demo\",\"password\":\"fe01ce2a7fbac8fafaed7c982a04e229\",\"databaseId\":1}"))
                    .build();
            String answer = null;
            for (int i = 0; i < 120 && answer == null; i++) {
                try {
                    answer = http.send(login, HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYetUp) {
                    Thread.sleep(Duration.ofMillis(500).toMillis());
                }
            }
            assertThat(answer).as(simulator.log()).contains("\"Result\":true", "\"UserToken\"");
            // ready without any Mahak or target database of its own: its readiness logs in to itself
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + simulator.port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("localhost:" + simulator.port + "/API/v3");
            assertThat(work.resolve("data")).as("nothing written under ./data").doesNotExist();
        } finally {
            simulator.stop();
        }
    }
}
