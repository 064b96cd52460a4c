package io.mahaksync.pull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Stores the records an exchange carries (what the engineer's steps left of them) into the entity's table,
 * in the page's transaction: JDBC batches of guarded native upserts ({@link EntityBatch}: records the cursor
 * covers skipped, one id twice stored once in its newest version, a refused record dead-lettered alone).
 */
@Singleton
@Named("pageUpsert")
public class PageUpsert {

    private final EntityCatalog catalog;
    private final TargetDatabase db;
    private final DeadLetterStore deadLetters;
    private final PullSettings settings;

    PageUpsert(EntityCatalog catalog, TargetDatabase db, DeadLetterStore deadLetters, PullSettings settings) {
        this.catalog = catalog;
        this.db = db;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    public void store(Exchange exchange) {
        PullPage page = exchange.getProperty(PullPage.PROPERTY, PullPage.class);
        EntityDef entity = catalog.get(exchange.getIn().getHeader(PageRecords.ENTITY, String.class));
        Object body = exchange.getIn().getBody();
        Collection<?> records = body == null ? List.of() : body instanceof Collection<?> c ? c : List.of(body);
        try {
            EntityBatch batch = null;
            for (Object record : records) {
                ObjectNode node = WireRecord.toNode(record);
                if (node == null) {
                    throw new IllegalArgumentException("A step of direct:mahak-pull-records left a "
                            + record.getClass().getSimpleName() + " among the " + entity.name()
                            + " records, where a record (a Map of its fields) belongs");
                }
                if (batch == null) {
                    batch = batch(page, entity);
                }
                batch.accept(node);
            }
        } catch (SQLException e) {
            throw PullPage.storingFailed(e);
        }
    }

    private EntityBatch batch(PullPage page, EntityDef entity) throws SQLException {
        EntityBatch batch = page.batches.get(entity.name());
        if (batch == null) {
            batch = new EntityBatch(entity, page.tallies.get(entity.name()).cursorAtRequest, settings.hardDelete(),
                    settings.batchSize(), settings.bulkMinRows(db.dialect()), page.connection, db.dialect(), deadLetters);
            page.batches.put(entity.name(), batch);
        }
        return batch;
    }
}
