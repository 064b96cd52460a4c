package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahaksync.simulator.fault.FaultKind;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.DeadLetterStore.DeadLetter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared error policy (routes/error-handling.camel.yaml) against the simulator's faults over real
 * HTTP: a long pull finishes under 30 % and 45 % of 429/500 answers (each page has its own retry budget),
 * Retry-After is waited, what fails for good goes through the dead-letter route into mahak_dead_letter
 * and to a step an engineer added to that route in a routes folder, and a request that keeps failing
 * gives up after mahak.retry.give-up-after with the reason. The routes are loaded from a folder, as a
 * Kubernetes ConfigMap provides them.
 */
@QuarkusTest
@TestProfile(PullErrorPolicyTest.RoutesFromAFolder.class)
class PullErrorPolicyTest extends PullScenario {

    static final Path ROUTES = Path.of("target", "error-policy-routes");

    /** The product's routes copied to a folder; its dead-letter route also sends to an engineer's alert step. */
    public static class RoutesFromAFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            copyRoutesWithAnAlert();
            Map<String, String> c = new java.util.HashMap<>(target());
            c.putAll(Map.of(
                    "camel.main.routes-include-pattern", "file:" + ROUTES.toAbsolutePath() + "/*.camel.yaml",
                    "mahak.retry.max-attempts", "-1",
                    "mahak.retry.give-up-after", "PT10S",
                    "mahak.retry.initial-delay-ms", "20",
                    "mahak.retry.max-delay-ms", "1500",
                    "mahak.pull.page-size", "20"));
            return c;
        }

        /** The target database's settings: the test profile's H2 here. */
        Map<String, String> target() {
            return Map.of();
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    static void copyRoutesWithAnAlert() {
        try {
            Files.createDirectories(ROUTES);
            try (Stream<Path> routes = Files.list(Path.of("routes"))) {
                for (Path route : routes.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                    String yaml = Files.readString(route);
                    if (route.getFileName().toString().equals("error-handling.camel.yaml")) {
                        String keep = "            ref: deadLetterKeeper\n            method: keep\n";
                        assertThat(yaml).contains(keep);
                        yaml = yaml.replace(keep, keep + "        - to: mock:dead-letter-alerts\n");
                    }
                    Files.writeString(ROUTES.resolve(route.getFileName()), yaml);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Inject
    DeadLetterStore deadLetters;

    MockEndpoint alerts;

    @BeforeEach
    void clean() throws Exception {
        freshStart(3000);
        alerts = camel.getEndpoint("mock:dead-letter-alerts", MockEndpoint.class);
        alerts.reset();
    }

    @Test
    void aLongPullFinishesWhenThirtyPercentOfCallsAreRefused() throws Exception {
        // 1 - 0.85 * 0.82 = 30 % of all calls, Login included, answer 429 or 500
        pullsEverythingUnderFaults(0.15, 0.18);
    }

    @Test
    void aLongPullFinishesWhenFortyFivePercentOfCallsAreRefused() throws Exception {
        // 1 - 0.75 * 0.73 = 45 %
        pullsEverythingUnderFaults(0.25, 0.27);
    }

    private void pullsEverythingUnderFaults(double rateLimited, double serverErrors) throws Exception {
        simulator.fault(FaultKind.RATE_LIMIT, rateLimited, 0, "", 0);
        simulator.fault(FaultKind.SERVER_ERROR, serverErrors, 0, "", 0);

        pull(ENTITIES);

        long pages = cursors.state("orderDetails").orElseThrow().rowVersion() > 0 ? getAllDataCalls() : 0;
        assertThat(pages).as("GetAllData calls, refused ones included").isGreaterThan(40);
        assertThat(simulator.requestLog()).as("refused calls")
                .filteredOn(r -> r.status() == 429 || r.status() == 500).hasSizeGreaterThan(10);
        for (String entity : ENTITIES) {
            assertTargetEqualsSimulator(entity);
            assertThat(cursors.state(entity).orElseThrow().lastError()).as("last_error of %s", entity).isNull();
        }
        assertThat(deadLetters.list(null, null, 10)).as("dead letters").isEmpty();
    }

    @Test
    void retryAfterIsWaitedBeforeTheNextTry() throws Exception {
        simulator.fault(FaultKind.RATE_LIMIT, 0, 1, "GetAllData", 1);
        long started = System.nanoTime();
        pull(List.of("people"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a Retry-After: 1 wait, not the 20 ms backoff")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertTargetEqualsSimulator("people");
    }

    @Test
    void aPermanentFailureGoesThroughTheDeadLetterRouteAndStillFailsThePull() throws Exception {
        alerts.expectedMessageCount(1);
        simulator.fault(FaultKind.MALFORMED, 0, 1000, "GetAllData", 0);

        assertThatThrownBy(() -> pull(List.of("people"))).hasStackTraceContaining("line 1, column");

        assertThat(cursors.state("people").orElseThrow().lastError()).contains("line 1, column");
        List<DeadLetter> letters = deadLetters.list(DeadLetterStore.WAITING, "pull-entities", 10);
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.entity()).isEqualTo("people");
        assertThat(letter.reason()).contains("GetAllData", "line 1, column");
        assertThat(letter.payload()).isEqualTo("people from 0");
        // tried once: retrying a malformed answer cannot help
        assertThat(getAllDataCalls()).isEqualTo(1);
        alerts.assertIsSatisfied(5000);
        assertThat(alerts.getExchanges().get(0).getIn().getHeader("MahakDeadLetterId", Long.class))
                .isEqualTo(letter.id());
    }

    @Test
    void aRequestThatKeepsFailingGivesUpAfterItsTimeBudgetWithTheReason() throws Exception {
        simulator.fault(FaultKind.SERVER_ERROR, 0, 100000, "GetAllData", 0);
        long started = System.nanoTime();

        assertThatThrownBy(() -> pull(List.of("people"))).hasStackTraceContaining("HTTP 500");

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("mahak.retry.give-up-after PT10S, plus at most one wait")
                .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(16));
        assertThat(cursors.state("people").orElseThrow().lastError()).contains("HTTP 500");
        List<DeadLetter> letters = deadLetters.list(null, "pull-entities", 10);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).reason()).contains("HTTP 500", "gave up after", "mahak.retry.give-up-after=PT10S");
        assertThat(getAllDataCalls()).as("retried all along, not 7 times").isGreaterThan(10);
        alerts.expectedMessageCount(1);
        alerts.assertIsSatisfied(5000);
    }
}
