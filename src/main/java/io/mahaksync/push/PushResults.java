package io.mahaksync.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.client.Envelope;
import io.mahaksync.client.MahakConfigurationException;
import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.TargetDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads SaveAllData's answer record by record (mapped back by {@code Index}) and records each fate in
 * one transaction: sent (server id and row version into the outbox row and {@code mahak_id_map}),
 * rejected (2001, 3001, ...: to the dead-letter store with Mahak's reason) or conflict (2002: to
 * {@code mahak_conflict}, then handled by the conflict policy). A partial success is honoured.
 */
@Singleton
@Named("pushResults")
public class PushResults {

    private static final Logger LOG = Logger.getLogger(PushResults.class);
    public static final String FLOW = "push";
    public static final int CONFLICT_CODE = 2002;

    private final TargetDatabase db;
    private final EntityCatalog catalog;
    private final OutboxStore outbox;
    private final IdMap idMap;
    private final PushJournal journal;
    private final DeadLetterStore deadLetters;
    private final PushConflicts conflicts;
    private final MeterRegistry meters;

    public PushResults(TargetDatabase db, EntityCatalog catalog, OutboxStore outbox, IdMap idMap, PushJournal journal,
            DeadLetterStore deadLetters, PushConflicts conflicts, MeterRegistry meters) {
        this.db = db;
        this.catalog = catalog;
        this.outbox = outbox;
        this.idMap = idMap;
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.conflicts = conflicts;
        this.meters = meters;
    }

    /** Counts of one batch's outcomes. */
    public record Tally(int sent, int rejected, int conflicts, int retried) {
    }

    /** One entity's records of one outcome, for {@code mahak_push_records_total}. */
    private record Counted(String entity, String outcome) {
    }

    /**
     * Splits SaveAllData's answer by {@code Index} over the batch's records and records every fate in one
     * transaction with the journal's {@code done}; then the conflict policy runs for the batch's 2002s.
     */
    public Tally apply(PushBatch batch, Envelope answer) {
        if (answer == null) {
            return new Tally(0, 0, 0, 0);
        }
        JsonNode objects = Envelope.firstOf(answer.data(), "objects");
        List<PushConflicts.Case> cases = new ArrayList<>();
        int ok = 0;
        int rejected = 0;
        int retried = 0;
        boolean configProblem = false;
        Map<Counted, Integer> counted = new HashMap<>();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            List<OutboxRow> missing = new ArrayList<>();
            List<OutboxStore.Accepted> accepted = new ArrayList<>();
            for (Map.Entry<String, List<OutboxRow>> e : batch.byEntity().entrySet()) {
                EntityDef def = catalog.get(e.getKey());
                Map<Integer, JsonNode> byIndex = byIndex(
                        Envelope.firstOf(Envelope.firstOf(objects, def.saveResultKey()), "results"));
                List<OutboxRow> rows = e.getValue();
                for (int i = 0; i < rows.size(); i++) {
                    OutboxRow row = rows.get(i);
                    JsonNode r = byIndex.get(i);
                    if (r == null) {
                        missing.add(row);
                        continue;
                    }
                    Long serverId = longOf(Envelope.firstOf(r, "entityId"));
                    if (Envelope.firstOf(r, "result").asBoolean(false)) {
                        Long rowVersion = longOf(Envelope.firstOf(r, "rowVersion"));
                        accepted.add(new OutboxStore.Accepted(row, serverId, rowVersion));
                        counted.merge(new Counted(row.entity(), OutboxStore.SENT), 1, Integer::sum);
                        ok++;
                        continue;
                    }
                    Integer code = errorCode(r, answer);
                    String reason = reason(r, answer);
                    if (code != null && code == CONFLICT_CODE) {
                        outbox.markFailed(c, row.id(), batch.batchId(), OutboxStore.CONFLICT, reason, code, serverId);
                        cases.add(conflicts.record(c, row, serverId, reason));
                        counted.merge(new Counted(row.entity(), OutboxStore.CONFLICT), 1, Integer::sum);
                    } else {
                        // No server id for a refused record: the EntityId Mahak gives with a refusal (a 3001 for a
                        // client id already used names the record holding it) is another record's, not this one's.
                        outbox.markFailed(c, row.id(), batch.batchId(), OutboxStore.REJECTED, reason, code, null);
                        deadLetters.record(c, FLOW, row.entity(), "outbox:" + row.id(), reason, code,
                                row.payload().toString());
                        counted.merge(new Counted(row.entity(), OutboxStore.REJECTED), 1, Integer::sum);
                        rejected++;
                    }
                }
            }
            outbox.markSent(c, batch.batchId(), accepted);
            idMap.putAll(c, accepted);
            boolean noResults = missing.size() == batch.rows().size();
            if (noResults && !answer.result()) {
                Integer code = answer.code();
                configProblem = code != null && (code == 1001 || code == 1002);
                for (OutboxRow row : missing) {
                    if (configProblem) {
                        outbox.release(c, row, answer.describeFailure(), null);
                        retried++;
                    } else {
                        outbox.markFailed(c, row.id(), batch.batchId(), OutboxStore.REJECTED, answer.describeFailure(), code,
                                null);
                        deadLetters.record(c, FLOW, row.entity(), "outbox:" + row.id(), answer.describeFailure(), code,
                                row.payload().toString());
                        counted.merge(new Counted(row.entity(), OutboxStore.REJECTED), 1, Integer::sum);
                        rejected++;
                    }
                }
            } else {
                for (OutboxRow row : missing) {
                    String why = "Mahak's answer has no result for this record";
                    if (outbox.release(c, row, why, null)) {
                        deadLetters.record(c, FLOW, row.entity(), "outbox:" + row.id(), why, null, row.payload().toString());
                        counted.merge(new Counted(row.entity(), OutboxStore.REJECTED), 1, Integer::sum);
                        rejected++;
                    } else {
                        retried++;
                    }
                }
            }
            journal.finish(c, batch.batchId(), PushJournal.DONE, answer.result() ? null : answer.describeFailure());
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the results of " + batch + ": " + DatabaseReason.of(e),
                    DatabaseReason.withoutValues(null, e));
        }
        // counted once the fates are committed, so a batch whose results are recorded again is not counted twice
        counted.forEach((k, n) -> records(meters, k.entity(), k.outcome()).increment(n));
        LOG.infof("%s: %d sent, %d rejected, %d conflict(s), %d to retry", batch, ok, rejected, cases.size(), retried);
        if (configProblem) {
            throw new MahakConfigurationException("SaveAllData", answer.code(),
                    "SaveAllData refused the login settings: " + answer.describeFailure());
        }
        conflicts.handle(cases);
        return new Tally(ok, rejected, cases.size(), retried);
    }

    /** {@code mahak_push_records_total}: records whose fate this run recorded, by entity and outcome. */
    static Counter records(MeterRegistry meters, String entity, String outcome) {
        return Counter.builder("mahak.push.records").description("Records pushed this run, by entity and outcome")
                .tag("entity", entity).tag("outcome", outcome).register(meters);
    }

    private static Map<Integer, JsonNode> byIndex(JsonNode results) {
        Map<Integer, JsonNode> map = new HashMap<>();
        int position = 0;
        for (JsonNode r : results) {
            JsonNode index = Envelope.firstOf(r, "index");
            map.put(index.canConvertToInt() ? index.asInt() : position, r);
            position++;
        }
        return map;
    }

    /** Mahak's code for a rejected record: 2002 if any error says so, else the first error's, else the answer's. */
    static Integer errorCode(JsonNode result, Envelope answer) {
        Integer first = null;
        for (JsonNode err : Envelope.firstOf(result, "errors")) {
            JsonNode code = Envelope.firstOf(err, "code");
            if (code.canConvertToInt()) {
                if (code.asInt() == CONFLICT_CODE) {
                    return CONFLICT_CODE;
                }
                if (first == null) {
                    first = code.asInt();
                }
            }
        }
        if (first != null) {
            return first;
        }
        JsonNode own = Envelope.firstOf(result, "code", "errorCode");
        return own.canConvertToInt() ? Integer.valueOf(own.asInt()) : answer.code();
    }

    static String reason(JsonNode result, Envelope answer) {
        List<String> parts = new ArrayList<>();
        for (JsonNode err : Envelope.firstOf(result, "errors")) {
            String property = Envelope.firstOf(err, "property").asText("");
            String text = Envelope.firstOf(err, "error", "message").asText("");
            JsonNode code = Envelope.firstOf(err, "code");
            parts.add((property.isEmpty() ? "" : property + ": ") + text + (code.canConvertToInt() ? " (" + code.asInt() + ")" : ""));
        }
        return parts.isEmpty() ? answer.describeFailure() : String.join("; ", parts);
    }

    private static Long longOf(JsonNode n) {
        return n.canConvertToLong() ? n.asLong() : null;
    }
}
