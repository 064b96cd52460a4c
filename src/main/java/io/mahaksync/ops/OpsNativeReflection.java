package io.mahaksync.ops;

import io.mahaksync.pull.SyncState;
import io.mahaksync.targetdb.DeadLetterStore;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records the admin API returns inside a {@code Response} (whose entity type the build cannot
 * see): Jackson reads their accessors by reflection, which a native executable must be told about.
 */
@RegisterForReflection(targets = {DeadLetterStore.DeadLetter.class, SyncState.class})
public final class OpsNativeReflection {

    private OpsNativeReflection() {
    }
}
