package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahaksync.simulator.RequestLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code mahak.visitor-id=none}: no currentVisitorId is sent; a Mahak that requires one says so, and nothing is stored. */
@QuarkusTest
@TestProfile(PullWithoutVisitorTest.NoVisitor.class)
class PullWithoutVisitorTest extends PullScenario {

    public static class NoVisitor implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.visitor-id", "none");
        }
    }

    @BeforeEach
    void clean() throws Exception {
        freshStart(1000);
    }

    @Test
    void noVisitorIsSentAndARefusalNamesCurrentVisitorId() throws Exception {
        simulator.reseed(11, 1000, 3, 0.5);
        pull(List.of("people"));
        assertThat(targetStates("people")).as("unscoped: every person").hasSize(100);
        assertThat(simulator.requestLog()).filteredOn(e -> e.path().endsWith("/GetAllData")).isNotEmpty()
                .extracting(RequestLog.Entry::currentVisitorId).containsOnlyNulls();

        freshStart(1000);
        simulator.faults().requireVisitor(true);
        assertThatThrownBy(() -> pull(List.of("people"))).hasStackTraceContaining("currentVisitorId' is required");
        assertThat(targetStates("people")).isEmpty();
        assertThat(cursors.state("people").orElseThrow().lastError()).contains("currentVisitorId");
    }
}
