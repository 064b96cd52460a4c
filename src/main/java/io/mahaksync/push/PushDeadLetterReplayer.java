package io.mahaksync.push;

import io.mahaksync.ops.admin.DeadLetterReplayer;
import jakarta.inject.Singleton;
import java.util.Map;

/** Lets the admin API replay push dead letters: the outbox row goes back to pending. */
@Singleton
public class PushDeadLetterReplayer implements DeadLetterReplayer {

    private final PushReplay replay;

    PushDeadLetterReplayer(PushReplay replay) {
        this.replay = replay;
    }

    @Override
    public String flow() {
        return PushResults.FLOW;
    }

    @Override
    public Object replay(long deadLetterId, String correctedPayload) {
        long outboxId = replay.replay(deadLetterId, correctedPayload);
        return Map.of("deadLetterId", deadLetterId, "outboxId", outboxId, "status", "pending");
    }
}
