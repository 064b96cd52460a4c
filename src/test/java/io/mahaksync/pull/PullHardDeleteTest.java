package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.simulator.store.RecordState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mahak.pull.delete-mode=hard}: a record deleted in Mahak is removed from the target. */
@QuarkusTest
@TestProfile(PullHardDeleteTest.HardDelete.class)
class PullHardDeleteTest extends PullScenario {

    public static class HardDelete implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mahak.pull.delete-mode", "hard");
        }
    }

    @Test
    void deletedRecordsLeaveTheTableAndTheCursorStillAdvances() throws Exception {
        freshStart(800);
        pull(List.of("products"));
        List<RecordState> live = simulator.states("products").stream().filter(r -> !r.deleted()).toList();
        assertThat(targetStates("products")).as("no soft-deleted rows in hard mode").hasSameSizeAs(live);

        simulator.delete("products", live.get(0).id());
        simulator.delete("products", live.get(1).id());
        pull(List.of("products"));

        assertThat(targetStates("products")).extracting(RecordState::id)
                .doesNotContain(live.get(0).id(), live.get(1).id()).hasSize(live.size() - 2);
        SyncState state = cursors.state("products").orElseThrow();
        assertThat(state.rowVersion()).isEqualTo(simulator.states("products").stream()
                .mapToLong(RecordState::rowVersion).max().orElseThrow());
        assertThat(state.lastCycleRecords()).isEqualTo(2);
    }
}
