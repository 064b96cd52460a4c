package io.mahaksync.push;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

/**
 * One walk over the pending records of a scope ({@code push-walk}): rank after rank (people before orders),
 * by id, a window at a time; and the batches the aggregator formed from them, waiting to be sent. Memory
 * only: nothing here is durable, a walk lost in a crash is simply walked again (the records are still
 * pending in mahak_outbox, unclaimed).
 */
public final class PushWalk {

    final String id = UUID.randomUUID().toString();
    final String scope;
    final boolean drain;
    final boolean dryRun;
    final List<Integer> ranks;
    int rank;
    long lastId;
    boolean ended;
    /** Groups already handed to the aggregator (their rows are not claimed until their batch is sent). */
    final Set<String> handedOut = new HashSet<>();
    /** Dry run: rows shown in a would-be batch of this walk (they stay pending). */
    final Set<Long> planned = new HashSet<>();
    private final PriorityQueue<PushBatchDraft> formed = new PriorityQueue<>(
            Comparator.comparingInt(PushBatchDraft::rank).thenComparingLong(PushBatchDraft::firstId));

    PushWalk(String scope, boolean drain, boolean dryRun, List<Integer> ranks) {
        this.scope = scope;
        this.drain = drain;
        this.dryRun = dryRun;
        this.ranks = new ArrayList<>(ranks);
        this.ended = ranks.isEmpty();
    }

    /** The aggregator's key for this walk's open batch. */
    public String getId() {
        return id;
    }

    /** Whether there are pending groups left to walk. */
    public boolean isOpen() {
        return !ended;
    }

    public synchronized boolean isFormed() {
        return !formed.isEmpty();
    }

    synchronized void formed(PushBatchDraft draft) {
        if (!draft.isEmpty()) {
            formed.add(draft);
        }
    }

    /** The next formed batch in send order: lower send rank first, then the oldest record. */
    public synchronized PushBatchDraft takeFormed() {
        return formed.poll();
    }

    @Override
    public String toString() {
        return "walk over " + scope + (ended ? " (ended)" : "");
    }
}
