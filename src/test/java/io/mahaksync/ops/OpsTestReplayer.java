package io.mahaksync.ops;

import io.mahaksync.ops.admin.DeadLetterReplayer;
import io.mahaksync.targetdb.DeadLetterStore;
import jakarta.inject.Singleton;

/**
 * A replayer for the test-only flow {@code ops-test}: it marks the dead letter replayed and says
 * which payload it would have sent, so the admin API's replay path runs end to end.
 */
@Singleton
public class OpsTestReplayer implements DeadLetterReplayer {

    public static final String FLOW = "ops-test";

    private final DeadLetterStore store;

    OpsTestReplayer(DeadLetterStore store) {
        this.store = store;
    }

    @Override
    public String flow() {
        return FLOW;
    }

    @Override
    public Object replay(long deadLetterId, String correctedPayload) {
        DeadLetterStore.DeadLetter dl = store.find(deadLetterId).orElseThrow();
        if (dl.payload() != null && dl.payload().contains("unreplayable")) {
            throw new IllegalArgumentException("dead letter " + deadLetterId + " cannot be replayed as it is");
        }
        store.markStatus(deadLetterId, DeadLetterStore.REPLAYED);
        return correctedPayload == null ? dl.payload() : correctedPayload;
    }
}
