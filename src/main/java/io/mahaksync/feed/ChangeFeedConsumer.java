package io.mahaksync.feed;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.TargetDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.jboss.logging.Logger;

/**
 * Each poll reads the subscriber's cursor, the next batch of changes above it, and sends them as one
 * exchange (body: a list of records; headers: entity, subscriber, row-version range). The cursor moves
 * only when that exchange completed; a failed one (its retries exhausted) leaves it, so the same batch
 * comes again at the next poll: at least once, never skipped. While batches are full, polls follow each
 * other at once (greedy); otherwise they come every {@code delay} milliseconds.
 */
public class ChangeFeedConsumer extends ScheduledPollConsumer {

    /** The entity's CommitDataModel name (people). */
    public static final String ENTITY = "MahakEntity";
    /** The subscriber whose cursor this batch moves. */
    public static final String SUBSCRIBER = "MahakSubscriber";
    /** Row version of the first record of the batch. */
    public static final String ROW_VERSION_FROM = "MahakRowVersionFrom";
    /** Row version of the last record of the batch: the cursor once the exchange completes. */
    public static final String ROW_VERSION_TO = "MahakRowVersionTo";
    /** How many records the batch holds. */
    public static final String RECORD_COUNT = "MahakRecordCount";

    private static final Logger LOG = Logger.getLogger(ChangeFeedConsumer.class);

    private final TargetDatabase db;
    private final EntityDef entity;
    private final String subscriber;
    private final boolean startNow;
    private final int batchSize;
    private final SubscriptionStore subscriptions;
    private final ChangeReader reader;
    private volatile boolean indexed;

    ChangeFeedConsumer(ChangeFeedEndpoint endpoint, Processor processor, TargetDatabase db, EntityDef entity,
            String subscriber, boolean startNow, int batchSize) {
        super(endpoint, processor);
        this.db = db;
        this.entity = entity;
        this.subscriber = subscriber;
        this.startNow = startNow;
        this.batchSize = batchSize;
        this.subscriptions = new SubscriptionStore(db.dialect());
        this.reader = new ChangeReader(entity, db.dialect());
        setGreedy(true);
    }

    @Override
    protected int poll() throws Exception {
        ChangeReader.Batch batch;
        long cursor;
        try (Connection c = db.dataSource().getConnection()) {
            if (!indexed) {
                reader.ensureIndex(c);
                indexed = true;
            }
            cursor = cursor(c);
            batch = reader.next(c, cursor, batchSize);
        }
        if (batch.records().isEmpty()) {
            return 0;
        }
        Exchange exchange = createExchange(false);
        try {
            Message m = exchange.getMessage();
            m.setBody(batch.records());
            m.setHeader(ENTITY, entity.name());
            m.setHeader(SUBSCRIBER, subscriber);
            m.setHeader(ROW_VERSION_FROM, batch.fromRowVersion());
            m.setHeader(ROW_VERSION_TO, batch.toRowVersion());
            m.setHeader(RECORD_COUNT, batch.records().size());
            getProcessor().process(exchange);
            if (exchange.isFailed() || exchange.isRollbackOnly()) {
                failed(exchange, batch);
                return 0; // the next try waits for the next poll, not a busy loop
            }
            delivered(cursor, batch);
            return batch.records().size();
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** The stored cursor; a subscriber seen for the first time starts at 0 or at the newest row stored. */
    private long cursor(Connection c) throws SQLException {
        OptionalLong stored = subscriptions.cursor(c, subscriber, entity.name());
        if (stored.isPresent()) {
            return stored.getAsLong();
        }
        long start = startNow ? reader.newest(c) : 0;
        long cursor = subscriptions.register(c, subscriber, entity.name(), start, startNow ? "now" : "beginning");
        LOG.infof("Change feed: subscriber %s of %s starts after row version %d (%s)", subscriber, entity.name(),
                cursor, startNow ? "from now" : "from the beginning");
        return cursor;
    }

    private void delivered(long cursor, ChangeReader.Batch batch) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            if (!subscriptions.advance(c, subscriber, entity.name(), cursor, batch.toRowVersion(),
                    batch.records().size())) {
                LOG.warnf("Change feed: the cursor of subscriber %s of %s was moved while row versions %d..%d were "
                        + "being delivered (another instance, or an operator); it was left as it is", subscriber,
                        entity.name(), batch.fromRowVersion(), batch.toRowVersion());
            }
        }
    }

    private void failed(Exchange exchange, ChangeReader.Batch batch) {
        Throwable cause = exchange.getException();
        String reason = "Delivering row versions " + batch.fromRowVersion() + ".." + batch.toRowVersion()
                + " failed: " + (cause == null ? "the exchange was marked rollback-only" : cause.getMessage());
        LOG.warnf("Change feed: subscriber %s of %s: %s; the cursor stays, the batch comes again", subscriber,
                entity.name(), Scrubber.scrub(reason));
        try (Connection c = db.dataSource().getConnection()) {
            subscriptions.recordFailure(c, subscriber, entity.name(), reason);
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("Change feed: could not record the failure of subscriber %s: %s", subscriber, e.getMessage());
        }
    }
}
