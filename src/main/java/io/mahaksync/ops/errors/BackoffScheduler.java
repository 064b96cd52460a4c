package io.mahaksync.ops.errors;

import io.mahaksync.StopSignal;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the error handler's backoff waits happen (asyncDelayedRedelivery: no thread sleeps through a
 * wait). A wait longer than a second is kept in slices of a second, and a stop ends it at the next slice:
 * the retry then runs at once, and Camel, which is stopping, ends the work with what was committed
 * instead of letting the stop sit out a long Retry-After.
 */
@Singleton
@Named("backoffScheduler")
public class BackoffScheduler extends ScheduledThreadPoolExecutor {

    private static final long SLICE_MS = 1000;

    private final StopSignal stopSignal;

    BackoffScheduler(StopSignal stopSignal) {
        super(4, daemonThreads());
        this.stopSignal = stopSignal;
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable retry, long delay, TimeUnit unit) {
        long dueAt = System.currentTimeMillis() + unit.toMillis(delay);
        return super.schedule(() -> waitOrRun(retry, dueAt), Math.min(unit.toMillis(delay), SLICE_MS),
                TimeUnit.MILLISECONDS);
    }

    private void waitOrRun(Runnable retry, long dueAt) {
        long left = dueAt - System.currentTimeMillis();
        if (left <= 0 || stopSignal.stopping() || isShutdown()) {
            retry.run();
        } else {
            super.schedule(() -> waitOrRun(retry, dueAt), Math.min(left, SLICE_MS), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "mahak-backoff-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
