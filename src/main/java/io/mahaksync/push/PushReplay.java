package io.mahaksync.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.targetdb.DeadLetterStore;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.Locale;

/**
 * Replays a push dead letter: the outbox row it names goes back to {@code pending} (as an outbox row,
 * validated again), optionally with a corrected payload, and the dead letter is marked replayed.
 * A corrected payload is validated first (a bad one is refused and the dead letter keeps waiting);
 * one that names another client id gives the outbox row that client id.
 */
@Singleton
@Named("pushReplay")
public class PushReplay {

    private final DeadLetterStore deadLetters;
    private final OutboxStore outbox;
    private final RecordValidator validator;
    private final ObjectMapper mapper = new ObjectMapper();

    public PushReplay(DeadLetterStore deadLetters, OutboxStore outbox, RecordValidator validator) {
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.validator = validator;
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
        String payload = null;
        Long clientId = null;
        if (correctedPayloadJson != null) {
            RecordValidator.Valid corrected = validateCorrection(deadLetterId, dl.entity(), outboxId, correctedPayloadJson);
            payload = corrected.payload().toString();
            clientId = corrected.clientId();
        }
        if (!outbox.requeue(outboxId, payload, clientId)) {
            throw new IllegalStateException("Outbox row " + outboxId + " is missing or already pending");
        }
        deadLetters.markStatus(deadLetterId, DeadLetterStore.REPLAYED);
        return outboxId;
    }

    /**
     * The corrected record, validated as the outbox validates it; its client id is the one it names, or the
     * outbox row's when it names none. Throws IllegalArgumentException with every reason when it is not valid.
     */
    private RecordValidator.Valid validateCorrection(long deadLetterId, String entity, long outboxId, String json) {
        JsonNode payload;
        try {
            payload = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The corrected payload of dead letter " + deadLetterId
                    + " is not JSON: " + e.getOriginalMessage());
        }
        EntityDef def = validator.pushable(entity);
        Long storedClientId = namesClientId(def, payload) ? null : outbox.clientId(outboxId).orElse(null);
        RecordValidator.Outcome outcome = validator.validateJson(def, payload, storedClientId);
        if (!outcome.ok()) {
            throw new IllegalArgumentException("The corrected payload of dead letter " + deadLetterId
                    + " is not a valid " + def.name() + " record: " + outcome.error());
        }
        return outcome.valid();
    }

    private static boolean namesClientId(EntityDef def, JsonNode payload) {
        if (!payload.isObject()) {
            return false;
        }
        for (Iterator<String> names = payload.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.toLowerCase(Locale.ROOT).equals(def.clientIdField().toLowerCase(Locale.ROOT))
                    && !payload.get(name).isNull()) {
                return true;
            }
        }
        return false;
    }
}
