package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.testsupport.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Mahak that sends half a GetAllData body and then stalls (for a minute here; for ever on a bad
 * day) holds the pull no longer than {@code mahak.read-timeout} (2 s in this profile): the stall
 * is a transient failure that the error policy retries. HTTP only, so H2 is the target.
 */
@QuarkusTest
@TestProfile(HostileMahak.OnH2.class)
class PullStalledAnswerTest extends PullScenario {

    static final String PAGE = "{\"Result\":true,\"Data\":{\"Objects\":{\"Banks\":["
            + "{\"BankId\":1,\"Name\":\"ملت\",\"RowVersion\":5},{\"BankId\":2,\"Name\":\"سپه\",\"RowVersion\":6},"
            + "{\"BankId\":3,\"Name\":\"ملی\",\"RowVersion\":7,\"Description\":\"" + "ب".repeat(4000) + "\"}]}}}";

    LogCapture log;

    @BeforeEach
    void clean() throws Exception {
        HostileMahak.start();
        HostileMahak.reset();
        HostileMahak.page.set(PAGE);
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + d.quote("mahak_sync_state"));
            s.execute("DELETE FROM " + d.quote("mahak_bank"));
        }
        log = LogCapture.open();
    }

    @AfterEach
    void restore() {
        log.close();
        HostileMahak.reset();
    }

    @Test
    void aBodyThatStallsHalfWayIsATimeoutAndTheRetryCompletesThePull() throws Exception {
        HostileMahak.stallNext.set(1);
        Instant start = Instant.now();
        pull(List.of("banks"));
        Duration took = Duration.between(start, Instant.now());

        assertThat(took).as("the stall of up to 60 s held the pull").isLessThan(Duration.ofSeconds(20));
        assertThat(targetStates("banks")).extracting(r -> r.id() + ":" + r.rowVersion()).containsExactly("1:5", "2:6", "3:7");
        // the stalled call, its retry, and the call that finds nothing newer than the page
        assertThat(HostileMahak.getAllDataCalls.get()).as("GetAllData calls").isEqualTo(3);
        assertThat(log.text()).as("the retry names the timeout").contains("did not deliver its whole answer within the read timeout");
    }

    @Test
    void aServerThatAlwaysStallsFailsTheCycleInBoundedTimeWithTheReason() throws Exception {
        HostileMahak.stallNext.set(100);
        Instant start = Instant.now();
        assertThatThrownBy(() -> pull(List.of("banks"))).hasStackTraceContaining("read timeout");
        Duration took = Duration.between(start, Instant.now());

        // 1 + 3 attempts (mahak.retry.max-attempts in tests) of 2 s each, plus short backoffs
        assertThat(took).isLessThan(Duration.ofSeconds(30));
        assertThat(HostileMahak.getAllDataCalls.get()).as("retried as a transient failure").isEqualTo(4);
        assertThat(cursors.state("banks").orElseThrow().lastError()).contains("GetAllData", "read timeout");
        assertThat(cursors.state("banks").orElseThrow().rowVersion()).isZero();
        assertThat(targetStates("banks")).isEmpty();
    }
}
