package io.mahaksync.pull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.DryRun;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.client.MahakClient;
import io.mahaksync.client.MahakPermanentException;
import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.TargetDatabase;
import io.mahaksync.targetdb.TargetUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Pulls one page: GetAllData for every entity of the cycle still behind, streamed straight into
 * the target tables, and the entities' cursors moved in the same transaction. Either the whole
 * page and its cursors commit, or nothing does, so a failure at any instant loses nothing and a
 * rerun duplicates nothing.
 */
@Singleton
@Named("pagePuller")
public class PagePuller {

    private static final Logger LOG = Logger.getLogger(PagePuller.class);

    private final MahakClient client;
    private final TargetDatabase db;
    private final CursorStore cursors;
    private final DeadLetterStore deadLetters;
    private final EntityCatalog catalog;
    private final PullSettings settings;
    private final PullProgress progress;
    private final MeterRegistry meters;
    private final ObjectMapper mapper;
    private final DryRun dryRun;

    PagePuller(MahakClient client, TargetDatabase db, CursorStore cursors, DeadLetterStore deadLetters,
            EntityCatalog catalog, PullSettings settings, PullProgress progress, MeterRegistry meters,
            ObjectMapper mapper, DryRun dryRun) {
        this.client = client;
        this.db = db;
        this.cursors = cursors;
        this.deadLetters = deadLetters;
        this.catalog = catalog;
        this.settings = settings;
        this.progress = progress;
        this.meters = meters;
        this.mapper = mapper;
        this.dryRun = dryRun;
    }

    public PullCycle pullNextPage(PullCycle cycle) {
        ObjectNode request = cycle.nextRequest(settings.pageSize(), settings.orderTypes());
        try {
            Map<String, EntityBatch> batches = store(cycle, request);
            account(cycle, request, batches);
            progress.pageStored(cycle);
            return cycle;
        } catch (RuntimeException e) {
            cursors.recordFailure(cycle.entitiesBehind().stream().map(p -> p.entity().name()).toList(), e.getMessage());
            throw e;
        }
    }

    private Map<String, EntityBatch> store(PullCycle cycle, ObjectNode request) {
        Map<String, EntityBatch> batches = new LinkedHashMap<>();
        String endpoint = client.settings().versioned("GetAllData");
        try (InputStream answer = client.getAllData(request); Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                GetAllDataReader.Outcome outcome = new GetAllDataReader(catalog, mapper, endpoint).read(answer,
                        (entity, record) -> batchFor(batches, cycle, entity, c).accept(record));
                if (!outcome.result()) {
                    throw new MahakPermanentException(endpoint, outcome.code(), endpoint + " answered Result:false, Code "
                            + outcome.code() + ": " + (outcome.message() == null ? "no message" : Scrubber.scrub(outcome.message()))
                            + "; nothing of this page was stored", null);
                }
                Instant now = Instant.now();
                for (PullCycle.EntityProgress p : cycle.entitiesBehind()) {
                    EntityBatch b = batches.get(p.entity().name());
                    if (b != null) {
                        b.flush();
                    }
                    cursors.advance(c, p.entity().name(), b == null ? p.cursor() : b.maxRowVersion,
                            b == null ? 0 : b.upserted, b == null ? 0 : b.deleted, now);
                }
                if (dryRun.enabled()) {
                    // read, mapped and written as usual, then undone: the mirror and the cursors stay as they were
                    rollback(c);
                    LOG.infof("Dry run: page not stored (%s)", summary(batches));
                } else {
                    c.commit();
                }
            } catch (RuntimeException | SQLException e) {
                rollback(c);
                throw e;
            } finally {
                for (EntityBatch b : batches.values()) {
                    b.close();
                }
            }
        } catch (SQLException raw) {
            // The driver's message and causes hold the statement with the page's values: only the reason goes on.
            SQLException e = DatabaseReason.withoutValues(null, raw);
            if (TargetUnavailableException.isConnectionProblem(raw)) {
                throw new TargetUnavailableException("The target database is unavailable: " + e.getMessage(), e);
            }
            throw new IllegalStateException("Storing a page failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new io.mahaksync.client.MahakTransientException(endpoint, 0, null,
                    "Closing the " + endpoint + " answer failed: " + e.getMessage(), e);
        }
        return batches;
    }

    private EntityBatch batchFor(Map<String, EntityBatch> batches, PullCycle cycle, EntityDef entity, Connection c)
            throws SQLException {
        EntityBatch batch = batches.get(entity.name());
        if (batch == null) {
            PullCycle.EntityProgress p = cycle.progress(entity.name());
            long cursor = p == null ? Long.MAX_VALUE : p.cursor; // collections not asked for are ignored
            batch = new EntityBatch(entity, cursor, settings.hardDelete(), settings.batchSize(), c, db.dialect(),
                    deadLetters);
            batches.put(entity.name(), batch);
        }
        return batch;
    }

    /** Moves the cycle on: cursors forward, and an entity whose page brought nothing newer is caught up. */
    private void account(PullCycle cycle, ObjectNode request, Map<String, EntityBatch> batches) {
        for (PullCycle.EntityProgress p : cycle.entitiesBehind()) {
            String name = p.entity().name();
            EntityBatch b = batches.get(name);
            p.pages++;
            long from = request.path(p.entity().requestField()).asLong();
            boolean redelivered = b != null && b.redelivered > 0 && from == p.cursor && p.cursor > 0;
            p.askPastCursor = false;
            if (b == null || b.newer == 0) {
                // A full page of nothing but the record at the cursor proves nothing yet: the server is
                // inclusive (it sent the cursor's record), so cursor + 1 brings what is newer, if anything.
                p.askPastCursor = redelivered && b.records >= settings.pageSize();
                p.caughtUp = !p.askPastCursor;
                continue;
            }
            long live = b.upserted - (settings.hardDelete() ? 0 : b.deleted);
            p.cursor = b.maxRowVersion;
            p.upserted += live;
            p.deleted += b.deleted;
            meters.counter("mahak.pull.records", "entity", name, "outcome", "upserted").increment(live);
            meters.counter("mahak.pull.records", "entity", name, "outcome", "deleted").increment(b.deleted);
            meters.counter("mahak.pull.records", "entity", name, "outcome", "skipped").increment(b.skipped);
            meters.counter("mahak.pull.records", "entity", name, "outcome", "escaped").increment(b.escaped);
            meters.counter("mahak.pull.records", "entity", name, "outcome", "dead_lettered").increment(b.deadLettered);
        }
    }

    private static String summary(Map<String, EntityBatch> batches) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, EntityBatch> e : batches.entrySet()) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(e.getKey()).append(": ").append(e.getValue().upserted).append(" would be upserted, ")
                    .append(e.getValue().deleted).append(" deleted");
        }
        return s.length() == 0 ? "no records" : s.toString();
    }

    private Connection connect() throws SQLException {
        return db.dataSource().getConnection();
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is already broken; nothing was committed
        }
    }
}
