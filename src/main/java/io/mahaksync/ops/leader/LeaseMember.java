package io.mahaksync.ops.leader;

import java.util.function.BooleanSupplier;
import org.apache.camel.cluster.CamelClusterMember;

/** A member of a lease view: this instance, or the remote holder named in the lease row. */
final class LeaseMember implements CamelClusterMember {

    private final String id;
    private final boolean local;
    private final BooleanSupplier leader;

    LeaseMember(String id, boolean local, BooleanSupplier leader) {
        this.id = id;
        this.local = local;
        this.leader = leader;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isLeader() {
        return leader.getAsBoolean();
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    @Override
    public String toString() {
        return id + (local ? " (this instance)" : "");
    }
}
