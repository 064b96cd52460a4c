package io.mahaksync.feed;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.targetdb.TargetDatabase;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;

/** One entity's change feed for one subscriber; consumer only. */
public class ChangeFeedEndpoint extends ScheduledPollEndpoint {

    private final TargetDatabase db;
    private final EntityDef entity;
    private final String subscriber;
    private final boolean startNow;
    private final int batchSize;

    ChangeFeedEndpoint(String uri, ChangeFeedComponent component, TargetDatabase db, EntityDef entity,
            String subscriber, boolean startNow, int batchSize) {
        super(uri, component);
        this.db = db;
        this.entity = entity;
        this.subscriber = subscriber;
        this.startNow = startNow;
        this.batchSize = batchSize;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(getEndpointUri() + " can only be consumed (from:), not sent to");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        ChangeFeedConsumer consumer = new ChangeFeedConsumer(this, processor, db, entity, subscriber, startNow,
                batchSize);
        configureConsumer(consumer);
        return consumer;
    }
}
