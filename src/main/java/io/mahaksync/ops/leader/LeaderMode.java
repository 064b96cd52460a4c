package io.mahaksync.ops.leader;

import java.util.Locale;

/** How the single active runner is chosen ({@code mahak.leader.mode}). */
public enum LeaderMode {
    /** One instance: it always leads. */
    NONE,
    /** A row in the target database's {@code mahak_lease} table. */
    DATABASE,
    /** A coordination.k8s.io Lease, through camel-kubernetes. */
    KUBERNETES;

    public static LeaderMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mahak.leader.mode must be none, database or kubernetes, got '" + value + "'");
        }
    }
}
