package io.mahaksync.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.client.Envelope;
import io.mahaksync.client.MahakClient;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends one journalled batch with SaveAllData(V2). When the batch was attempted before (the answer
 * never came, or came as 429/5xx), it first asks Mahak what landed and sends only the rest: a retry
 * never creates a record twice.
 */
@Singleton
@Named("pushSender")
public class PushSender {

    private static final Logger LOG = Logger.getLogger(PushSender.class);

    private final MahakClient client;
    private final PushJournal journal;
    private final PushReconciliation reconciliation;
    private final ObjectMapper mapper;

    public PushSender(MahakClient client, PushJournal journal, PushReconciliation reconciliation, ObjectMapper mapper) {
        this.client = client;
        this.journal = journal;
        this.reconciliation = reconciliation;
        this.mapper = mapper;
    }

    /** A batch and Mahak's answer to it (null when reconciliation found every record already there). */
    public record Sent(PushBatch batch, Envelope answer) {
    }

    public Sent send(PushBatch batch) {
        PushJournal.Entry entry = journal.find(batch.batchId()).orElseThrow();
        PushBatch toSend = batch;
        if (entry.attempts() > 0) {
            toSend = reconciliation.settleLanded(batch, entry);
            if (toSend.isEmpty()) {
                reconciliation.close(batch.batchId(), PushJournal.RECONCILED);
                return new Sent(toSend, null);
            }
        }
        journal.attempt(batch.batchId());
        LOG.debugf("Sending %s", toSend);
        Envelope answer = client.call("SaveAllData", commitData(toSend));
        return new Sent(toSend, answer);
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
}
