package io.mahaksync.pull;

import java.time.Instant;

/** One row of {@code mahak_sync_state}: an entity's cursor and the facts of its last runs. */
public record SyncState(String entity, long rowVersion, Instant lastSuccessAt, Instant lastAttemptAt,
        String lastError, long recordsTotal, long deletedTotal, long pagesTotal, long lastCycleRecords,
        Instant updatedAt) {
}
