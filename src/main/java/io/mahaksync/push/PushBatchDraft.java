package io.mahaksync.push;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A SaveAllData batch being put together by the aggregator of {@code push-walk}: whole groups of one send
 * rank, nothing journalled or claimed yet (its records are still plain pending rows of mahak_outbox).
 */
public final class PushBatchDraft {

    private final String scope;
    private final List<OutboxRow> rows = new ArrayList<>();
    private int rank = -1;
    private long firstId = Long.MAX_VALUE;
    private Instant pendingSince;
    private boolean endOfWalk;

    public PushBatchDraft(String scope) {
        this.scope = scope;
    }

    void add(PushGroup group) {
        if (group.isEnd()) {
            endOfWalk = true;
            return;
        }
        if (rows.isEmpty()) {
            rank = group.rank();
        }
        rows.addAll(group.rows());
        for (OutboxRow r : group.rows()) {
            firstId = Math.min(firstId, r.id());
        }
        if (group.pendingSince() != null && (pendingSince == null || group.pendingSince().isBefore(pendingSince))) {
            pendingSince = group.pendingSince();
        }
    }

    public String scope() {
        return scope;
    }

    /** How many records the batch holds. */
    public int getRecords() {
        return rows.size();
    }

    public List<OutboxRow> rows() {
        return List.copyOf(rows);
    }

    public int rank() {
        return rank;
    }

    long firstId() {
        return firstId;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Closed by the end of the walk (what was pending is all in it), not because it was full. */
    public boolean isEndOfWalk() {
        return endOfWalk;
    }

    /** Whether its longest-waiting record has been pending for at least {@code wait} (an ISO-8601 duration). */
    public boolean waitedAtLeast(String wait) {
        return pendingSince == null || !Instant.now().isBefore(pendingSince.plus(Duration.parse(wait)));
    }

    PushBatch toBatch(String batchId) {
        return new PushBatch(batchId, scope, rows);
    }

    @Override
    public String toString() {
        return "batch in the making (" + rows.size() + " records, " + scope + ")";
    }
}
