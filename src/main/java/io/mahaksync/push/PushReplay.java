package io.mahaksync.push;

import io.mahaksync.targetdb.DeadLetterStore;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Replays a push dead letter: the outbox row it names goes back to {@code pending} (as an outbox row,
 * validated again), optionally with a corrected payload, and the dead letter is marked replayed.
 */
@Singleton
@Named("pushReplay")
public class PushReplay {

    private final DeadLetterStore deadLetters;
    private final OutboxStore outbox;

    public PushReplay(DeadLetterStore deadLetters, OutboxStore outbox) {
        this.deadLetters = deadLetters;
        this.outbox = outbox;
    }

    /** Replays the record as it was; returns the outbox row id queued again. */
    public long replay(long deadLetterId) {
        return replay(deadLetterId, null);
    }

    /** Replays with a corrected payload (a JSON object of contract fields), or as it was when null. */
    public long replay(long deadLetterId, String correctedPayloadJson) {
        DeadLetterStore.DeadLetter dl = deadLetters.find(deadLetterId)
                .orElseThrow(() -> new IllegalArgumentException("No dead letter " + deadLetterId));
        if (!PushResults.FLOW.equals(dl.flow()) || dl.reference() == null || !dl.reference().startsWith("outbox:")) {
            throw new IllegalArgumentException("Dead letter " + deadLetterId + " is not a push record");
        }
        if (PushUploads.ENTITY.equals(dl.entity())) {
            throw new IllegalArgumentException("Dead letter " + deadLetterId
                    + " is an upload: drop the file again with its uploads.csv row");
        }
        if (!DeadLetterStore.WAITING.equals(dl.status())) {
            throw new IllegalStateException("Dead letter " + deadLetterId + " is already " + dl.status());
        }
        long outboxId = Long.parseLong(dl.reference().substring("outbox:".length()));
        if (!outbox.requeue(outboxId, correctedPayloadJson)) {
            throw new IllegalStateException("Outbox row " + outboxId + " is missing or already pending");
        }
        deadLetters.markStatus(deadLetterId, DeadLetterStore.REPLAYED);
        return outboxId;
    }
}
