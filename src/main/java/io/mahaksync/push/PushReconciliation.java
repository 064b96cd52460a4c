package io.mahaksync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.targetdb.TargetDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Settles batches whose outcome is unknown: the journal says {@code sending}, so the request may or
 * may not have landed. Records Mahak holds (matched by client id, GetAllData from the cursor journalled
 * before sending) are recorded as sent; the others go back to the queue. Runs before every resend and
 * at the start of each push run (after a crash).
 */
@Singleton
@Named("pushReconciliation")
public class PushReconciliation {

    private static final Logger LOG = Logger.getLogger(PushReconciliation.class);

    private final TargetDatabase db;
    private final OutboxStore outbox;
    private final PushJournal journal;
    private final Reconciler reconciler;
    private final IdMap idMap;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public PushReconciliation(TargetDatabase db, OutboxStore outbox, PushJournal journal, Reconciler reconciler,
            IdMap idMap, ObjectMapper mapper, MeterRegistry meters) {
        this.db = db;
        this.outbox = outbox;
        this.journal = journal;
        this.reconciler = reconciler;
        this.idMap = idMap;
        this.mapper = mapper;
        this.meters = meters;
    }

    /** Settles every batch of a scope left in state sending; returns how many it settled. */
    public int reconcileOpen(String scope) {
        int settled = 0;
        for (PushJournal.Entry entry : journal.openBatches(scope)) {
            List<OutboxRow> open = outbox.openRows(entry);
            PushBatch batch = new PushBatch(entry.batchId(), scope, open);
            PushBatch remaining = entry.attempts() == 0 ? batch : settleLanded(batch, entry);
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                for (OutboxRow r : remaining.rows()) {
                    if (entry.attempts() == 0) {
                        outbox.release(c, new OutboxRow(r.id(), r.entity(), r.clientId(), r.payload(), r.attempts() - 1,
                                r.groupKey(), r.source(), r.dropId(), r.sourceFile(), r.sourceRow()), "never sent", null);
                    } else {
                        outbox.release(c, r, "not found in Mahak after an interrupted send; sent again", null);
                    }
                }
                journal.finish(c, entry.batchId(), PushJournal.RECONCILED, null);
                c.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot settle push batch " + entry.batchId() + ": " + e.getMessage(), e);
            }
            LOG.infof("Settled interrupted push batch %s: %d of %d record(s) had landed in Mahak", entry.batchId(),
                    open.size() - remaining.rows().size(), open.size());
            settled++;
        }
        return settled;
    }

    /** Records as sent whatever of the batch Mahak already holds; returns the batch's still-open rest. */
    public PushBatch settleLanded(PushBatch batch, PushJournal.Entry entry) {
        Set<Long> openIds = outbox.openRows(entry).stream().map(OutboxRow::id).collect(Collectors.toSet());
        PushBatch open = new PushBatch(batch.batchId(), batch.scope(),
                batch.rows().stream().filter(r -> openIds.contains(r.id())).toList());
        JsonNode cursors = readCursors(entry.cursors());
        Set<Long> landed = new HashSet<>();
        Map<String, Integer> landedByEntity = new HashMap<>();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            for (Map.Entry<String, List<OutboxRow>> e : open.byEntity().entrySet()) {
                Set<Long> clientIds = e.getValue().stream().map(OutboxRow::clientId).collect(Collectors.toSet());
                Map<Long, Reconciler.Found> found = reconciler.find(e.getKey(), clientIds,
                        cursors.path(e.getKey()).asLong(0));
                for (OutboxRow r : e.getValue()) {
                    Reconciler.Found f = found.get(r.clientId());
                    if (f != null) {
                        outbox.markSent(c, r.id(), batch.batchId(), f.serverId(), f.rowVersion());
                        idMap.put(c, r.entity(), r.clientId(), f.serverId(), f.rowVersion());
                        landed.add(r.id());
                        landedByEntity.merge(r.entity(), 1, Integer::sum);
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record reconciled push results: " + DatabaseReason.of(e),
                    DatabaseReason.withoutValues(null, e));
        }
        // sent in an earlier request whose answer never came: counted now that they are recorded as sent
        landedByEntity.forEach((entity, n) -> PushResults.records(meters, entity, OutboxStore.SENT).increment(n));
        if (!landed.isEmpty()) {
            LOG.infof("%s: %d record(s) had already landed in Mahak; they are not sent again", batch, landed.size());
        }
        return open.without(landed);
    }

    public void close(String batchId, String state) {
        try (Connection c = db.dataSource().getConnection()) {
            journal.finish(c, batchId, state, null);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot close push batch " + batchId + ": " + e.getMessage(), e);
        }
    }

    private JsonNode readCursors(String json) {
        try {
            return json == null ? mapper.createObjectNode() : mapper.readTree(json);
        } catch (java.io.IOException e) {
            return mapper.createObjectNode();
        }
    }
}
