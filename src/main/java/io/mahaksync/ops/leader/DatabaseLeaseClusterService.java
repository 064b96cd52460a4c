package io.mahaksync.ops.leader;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * A Camel cluster service whose leadership is a row in the target database's {@code mahak_lease}
 * table ({@code mahak.leader.mode=database}). Routes that start from {@code master:<namespace>:...}
 * run on the one instance holding the lease of that namespace.
 */
public class DatabaseLeaseClusterService extends AbstractCamelClusterService<DatabaseLeaseClusterView> {

    private final LeaseTable table;
    private final String holder;
    private final Duration leaseDuration;
    private final Duration renewInterval;
    private final Clock clock;

    public DatabaseLeaseClusterService(LeaseTable table, String holder, Duration leaseDuration, Duration renewInterval) {
        this(table, holder, leaseDuration, renewInterval, Clock.systemUTC());
    }

    DatabaseLeaseClusterService(LeaseTable table, String holder, Duration leaseDuration, Duration renewInterval,
            Clock clock) {
        super("mahak-database-lease");
        if (renewInterval.multipliedBy(2).compareTo(leaseDuration) > 0) {
            throw new IllegalArgumentException("mahak.leader.renew-interval (" + renewInterval
                    + ") must be at most half of mahak.leader.lease-duration (" + leaseDuration + ")");
        }
        this.table = table;
        this.holder = holder;
        this.leaseDuration = leaseDuration;
        this.renewInterval = renewInterval;
        this.clock = clock;
    }

    @Override
    protected DatabaseLeaseClusterView createView(String namespace) {
        return new DatabaseLeaseClusterView(this, namespace, table, holder, leaseDuration.toMillis(),
                renewInterval.toMillis(), clock);
    }

    public String holder() {
        return holder;
    }
}
