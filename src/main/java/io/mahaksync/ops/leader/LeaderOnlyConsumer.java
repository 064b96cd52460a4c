package io.mahaksync.ops.leader;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.StartupListener;
import org.apache.camel.Suspendable;
import org.apache.camel.SuspendableService;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.jboss.logging.Logger;

/**
 * Consumes from the wrapped endpoint only while this instance leads the namespace: its consumer is
 * started when the view reports this instance as leader (at once, on the thread that brings the
 * news) and stopped when it does not any more. Leadership changes and this consumer's own stop are
 * serialised by one lock, so the wrapped consumer never runs while another instance leads: a
 * "lost" event stops it before the view's next renewal, and the views step down before their lease
 * could pass to another instance (see {@link DatabaseLeaseClusterView}).
 */
public class LeaderOnlyConsumer extends DefaultConsumer implements Suspendable {

    private static final Logger LOG = Logger.getLogger(LeaderOnlyConsumer.class);

    /** How long to wait before trying again to start a wrapped consumer that failed to start. */
    static final long START_RETRY_MILLIS = 5000;

    private static final ExceptionHandler ALREADY_REPORTED = new ExceptionHandler() {
        @Override
        public void handleException(Throwable exception) {
            handleException(null, null, exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            handleException(message, null, exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            LOG.debugf(exception, "%s", message == null ? "Exchange failed" : message);
        }
    };

    private final CamelClusterService clusterService;
    private final String namespace;
    private final Endpoint delegate;
    private final CamelClusterEventListener.Leadership listener = (view, leader) -> leadershipChanged(view);
    // Serialises starting and stopping the wrapped consumer. Never held while calling into the view:
    // the view holds its own lock while it notifies us, so the opposite order could deadlock.
    private final ReentrantLock lock = new ReentrantLock();

    private volatile CamelClusterView view;
    private Consumer delegateConsumer; // guarded by lock
    private ScheduledExecutorService retries; // guarded by lock; only made when a start failed

    LeaderOnlyConsumer(LeaderOnlyEndpoint endpoint, Processor processor, CamelClusterService clusterService,
            String namespace, Endpoint delegate) {
        super(endpoint, processor);
        this.clusterService = clusterService;
        this.namespace = namespace;
        this.delegate = delegate;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelClusterView v = clusterService.getView(namespace);
        view = v;
        // A running view tells a new listener at once who leads, on this thread.
        v.addEventListener(listener);
    }

    @Override
    protected void doStop() throws Exception {
        CamelClusterView v = view;
        view = null;
        if (v != null) {
            v.removeEventListener(listener);
            clusterService.releaseView(v);
        }
        lock.lock();
        try {
            stopDelegate();
            if (retries != null) {
                getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(retries);
                retries = null;
            }
        } finally {
            lock.unlock();
        }
        super.doStop();
    }

    @Override
    protected void doSuspend() throws Exception {
        lock.lock();
        try {
            if (delegateConsumer instanceof SuspendableService s) {
                s.suspend();
            }
        } finally {
            lock.unlock();
        }
        super.doSuspend();
    }

    @Override
    protected void doResume() throws Exception {
        lock.lock();
        try {
            if (delegateConsumer instanceof SuspendableService s) {
                s.resume();
            }
        } finally {
            lock.unlock();
        }
        super.doResume();
    }

    /** Whether the wrapped consumer runs here now. */
    public boolean isConsuming() {
        lock.lock();
        try {
            return delegateConsumer != null;
        } finally {
            lock.unlock();
        }
    }

    private void leadershipChanged(CamelClusterView v) {
        // The local member's own state, not the event's snapshot: events may arrive late.
        boolean leading = v.getLocalMember().isLeader();
        lock.lock();
        try {
            if (!isRunAllowed() || view == null) {
                return; // stopping: doStop stops the wrapped consumer
            }
            if (leading) {
                startDelegate();
            } else {
                stopDelegate();
            }
        } finally {
            lock.unlock();
        }
    }

    private void startDelegate() {
        if (delegateConsumer != null) {
            return;
        }
        Consumer consumer = null;
        try {
            consumer = delegate.createConsumer(getProcessor());
            if (consumer instanceof DefaultConsumer polling) {
                // A failed exchange has been logged by the route's error handler already (one line, the
                // reason); the wrapped consumer would log it again with a full stack trace, every poll.
                polling.setExceptionHandler(ALREADY_REPORTED);
            }
            if (consumer instanceof StartupListener startupListener) {
                // a timer waits for the context to be started before its first tick
                getEndpoint().getCamelContext().addStartupListener(startupListener);
            }
            ServiceHelper.startService(delegate, consumer);
            delegateConsumer = consumer;
            LOG.debugf("Leading '%s': consuming from %s", namespace, delegate.getEndpointUri());
        } catch (Exception e) {
            ServiceHelper.stopAndShutdownService(consumer);
            getExceptionHandler().handleException("Leading '" + namespace + "' but " + delegate.getEndpointUri()
                    + " failed to start; trying again in " + START_RETRY_MILLIS / 1000 + " s", e);
            scheduleRetry();
        }
    }

    private void scheduleRetry() {
        if (retries == null) {
            retries = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "LeaderOnlyRetry");
        }
        retries.schedule(() -> {
            CamelClusterView v = view;
            if (v != null) {
                leadershipChanged(v);
            }
        }, START_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void stopDelegate() {
        Consumer consumer = delegateConsumer;
        delegateConsumer = null;
        if (consumer != null) {
            ServiceHelper.stopAndShutdownService(consumer);
            LOG.debugf("Not leading '%s' any more: stopped consuming from %s", namespace, delegate.getEndpointUri());
        }
    }
}
