package io.mahaksync.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.client.Envelope;
import io.mahaksync.client.MahakAnswers;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The SaveAllData request of a journalled batch and the reading of its answer; the call itself is the route's
 * ({@code push-save-all-data}: {@code to: direct:mahak-call}). When the batch was attempted before (the answer
 * never came, or came as 429/5xx), what landed is first found with GetAllData and recorded, and only the rest
 * is sent: a retry never creates a record twice.
 */
@Singleton
@Named("pushSender")
public class PushSender {

    private static final Logger LOG = Logger.getLogger(PushSender.class);
    static final String OPERATION = "SaveAllData";

    private final PushJournal journal;
    private final PushReconciliation reconciliation;
    private final ObjectMapper mapper;

    public PushSender(PushJournal journal, PushReconciliation reconciliation, ObjectMapper mapper) {
        this.journal = journal;
        this.reconciliation = reconciliation;
        this.mapper = mapper;
    }

    /**
     * What of a journalled batch goes now, its attempt counted (committed) before the request leaves: all of
     * it the first time (counted when it was journalled); after an attempt whose outcome is unknown, the records Mahak does not hold yet
     * (an empty batch, journalled as reconciled, when everything had landed).
     */
    public PushBatch toSend(PushBatch batch) {
        if (journal.takeFirstAttempt(batch.batchId())) {
            // just journalled, its first attempt counted in the same commit: nothing can have landed yet
            LOG.debugf("Sending %s", batch);
            return batch;
        }
        PushJournal.Entry entry = journal.find(batch.batchId()).orElseThrow();
        PushBatch toSend = batch;
        if (entry.attempts() > 0) {
            toSend = reconciliation.settleLanded(batch, entry);
            if (toSend.isEmpty()) {
                reconciliation.close(batch.batchId(), PushJournal.RECONCILED);
                return toSend;
            }
        }
        journal.attempt(batch.batchId());
        LOG.debugf("Sending %s", toSend);
        return toSend;
    }

    /** The CommitDataModel: one array per entity key, records in Index order. */
    public ObjectNode commitData(PushBatch batch) {
        ObjectNode body = mapper.createObjectNode();
        for (Map.Entry<String, List<OutboxRow>> e : batch.byEntity().entrySet()) {
            ArrayNode array = body.putArray(e.getKey());
            for (OutboxRow r : e.getValue()) {
                array.add(r.payload());
            }
        }
        return body;
    }

    /** SaveAllData's answer, read and closed; {@code Result:false} is returned, not thrown (per-record outcomes). */
    public Envelope answer(InputStream answer) {
        return Envelope.of(MahakAnswers.readWhole(mapper, OPERATION, answer));
    }
}
