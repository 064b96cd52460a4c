package io.mahaksync.ops.leader;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.jboss.logging.Logger;

/**
 * One {@code master:} namespace backed by one row of {@code mahak_lease}. Every renew interval it
 * tries to take or renew the lease. It believes it leads only until the lease it last wrote would
 * lapse minus one renew interval, so when the database cannot be reached it steps down before
 * another instance may take over: two leaders never overlap while clocks agree within that margin.
 */
public class DatabaseLeaseClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = Logger.getLogger(DatabaseLeaseClusterView.class);

    private final LeaseTable table;
    private final String holder;
    private final long ttlMillis;
    private final long renewMillis;
    private final Clock clock;
    private final LeaseMember localMember;

    private volatile boolean leader;
    private volatile long leadUntilMillis;
    private volatile String remoteHolder;
    private ScheduledExecutorService scheduler;
    // Listeners (the master consumer) may block while they start or stop routes; they get the news
    // on their own thread so that renewals keep their rhythm.
    private ExecutorService notifier;

    DatabaseLeaseClusterView(DatabaseLeaseClusterService service, String namespace, LeaseTable table, String holder,
            long ttlMillis, long renewMillis, Clock clock) {
        super(service, namespace);
        this.table = table;
        this.holder = holder;
        this.ttlMillis = ttlMillis;
        this.renewMillis = renewMillis;
        this.clock = clock;
        this.localMember = new LeaseMember(holder, true, () -> leader);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        if (leader) {
            return Optional.of(localMember);
        }
        String remote = remoteHolder;
        return remote == null ? Optional.empty() : Optional.of(new LeaseMember(remote, false, () -> true));
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return localMember;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> members = new ArrayList<>();
        members.add(localMember);
        getLeader().filter(m -> !m.isLocal()).ifPresent(members::add);
        return members;
    }

    @Override
    protected void doStart() throws Exception {
        notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mahak-lease-events-" + getNamespace());
            t.setDaemon(true);
            return t;
        });
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mahak-lease-" + getNamespace());
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::safeTick, 0, renewMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        // A listener may still be busy starting the route it was told about: interrupt it rather
        // than hold up the shutdown, and release the lease even when this thread was interrupted.
        boolean interrupted = stopQuietly(scheduler) | stopQuietly(notifier);
        scheduler = null;
        notifier = null;
        try {
            if (leader) {
                leader = false;
                fireLeadershipChangedEvent(Optional.empty());
                try {
                    table.release(getNamespace(), holder);
                    LOG.infof("Released leadership of '%s' (%s)", getNamespace(), holder);
                } catch (Exception e) {
                    LOG.warnf("Could not release lease '%s'; it lapses by itself: %s", getNamespace(), e.getMessage());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops an executor, waiting briefly; returns whether this thread was interrupted meanwhile. */
    private static boolean stopQuietly(ExecutorService executor) {
        boolean interrupted = Thread.interrupted();
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /** A scheduled task that throws is never run again: nothing may escape a tick. */
    private void safeTick() {
        try {
            tick();
        } catch (Throwable t) {
            LOG.errorf(t, "Lease '%s' renewal failed unexpectedly", getNamespace());
        }
    }

    /** One renewal attempt; package-visible so a test can drive it without waiting. */
    void tick() {
        long now = clock.millis();
        boolean nowLeader;
        try {
            nowLeader = table.tryAcquire(getNamespace(), holder, now, ttlMillis);
            if (nowLeader) {
                leadUntilMillis = now + ttlMillis - renewMillis;
                remoteHolder = null;
            } else {
                remoteHolder = table.find(getNamespace()).filter(l -> l.heldAt(now)).map(LeaseTable.Lease::holder)
                        .orElse(null);
            }
        } catch (Exception e) {
            // Keep leading only while our last write still protects us.
            nowLeader = leader && clock.millis() < leadUntilMillis;
            LOG.warnf("Lease '%s' could not be renewed (%s); %s", getNamespace(), e.getMessage(),
                    nowLeader ? "still leading until the lease would lapse" : "not leading");
        }
        if (nowLeader != leader) {
            leader = nowLeader;
            LOG.infof("%s leadership of '%s' (%s)", nowLeader ? "Took" : "Lost", getNamespace(), holder);
            Optional<CamelClusterMember> current = getLeader();
            ExecutorService events = notifier;
            if (events != null && !events.isShutdown()) {
                events.execute(() -> fireLeadershipChangedEvent(current));
            }
        }
    }

    public boolean isLeader() {
        return leader;
    }
}
