package io.mahaksync.feed;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code mahak-changes:<entity>?subscriber=<name>}: every change the pull committed for an entity, in
 * row-version order, in batches, with a cursor per subscriber in {@code mahak_subscription} (see
 * {@link ChangeFeedConsumer}). A CDI bean by name, so Camel finds it without class-path scanning or
 * reflection (native-friendly); its options are read here, by hand, for the same reason.
 */
@Singleton
@Named("mahak-changes")
public class ChangeFeedComponent extends DefaultComponent {

    static final int DEFAULT_BATCH_SIZE = 100;
    static final long DEFAULT_DELAY_MS = 1000;

    private final TargetDatabase db;
    private final EntityCatalog catalog;

    ChangeFeedComponent(TargetDatabase db, EntityCatalog catalog) {
        this.db = db;
        this.catalog = catalog;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EntityDef entity = catalog.find(remaining).orElseThrow(() -> new IllegalArgumentException(uri
                + ": unknown Mahak entity '" + remaining + "'; use a CommitDataModel name such as people or orders"));
        String subscriber = getAndRemoveParameter(parameters, "subscriber", String.class);
        if (subscriber == null || subscriber.isBlank() || subscriber.length() > 128) {
            throw new IllegalArgumentException(uri + ": subscriber=<name> is required (at most 128 characters): it "
                    + "names this consumer's cursor in mahak_subscription");
        }
        String start = getAndRemoveParameter(parameters, "start", String.class, "beginning").toLowerCase(Locale.ROOT);
        if (!start.equals("beginning") && !start.equals("now")) {
            throw new IllegalArgumentException(uri + ": start must be beginning (every change stored so far, then "
                    + "the new ones) or now (only changes stored from now on), got '" + start + "'");
        }
        int batchSize = getAndRemoveParameter(parameters, "batchSize", Integer.class, DEFAULT_BATCH_SIZE);
        if (batchSize < 1) {
            throw new IllegalArgumentException(uri + ": batchSize must be at least 1, got " + batchSize);
        }
        ChangeFeedEndpoint endpoint = new ChangeFeedEndpoint(uri, this, db, entity, subscriber.trim(),
                start.equals("now"), batchSize);
        endpoint.setDelay(getAndRemoveParameter(parameters, "delay", Long.class, DEFAULT_DELAY_MS));
        endpoint.setInitialDelay(getAndRemoveParameter(parameters, "initialDelay", Long.class, DEFAULT_DELAY_MS));
        return endpoint;
    }
}
