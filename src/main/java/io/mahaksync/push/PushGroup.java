package io.mahaksync.push;

import java.time.Instant;
import java.util.List;

/**
 * Records that travel in one SaveAllData request or not at all (one group key: an order with all its
 * details, per {@code mahak.push.together}), with their send rank (people before the orders that name them)
 * and since when the longest-waiting of them is pending. {@link #END} closes a walk over the pending records.
 */
public record PushGroup(String key, int rank, List<OutboxRow> rows, Instant pendingSince) {

    /** The marker after the last group of a walk: it completes the batch still open. */
    public static final PushGroup END = new PushGroup(null, Integer.MAX_VALUE, List.of(), null);

    public PushGroup {
        rows = List.copyOf(rows);
    }

    public boolean isEnd() {
        return key == null;
    }

    public int size() {
        return rows.size();
    }
}
