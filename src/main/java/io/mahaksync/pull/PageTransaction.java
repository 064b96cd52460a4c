package io.mahaksync.pull;

import io.mahaksync.DryRun;
import io.mahaksync.client.MahakClient;
import io.mahaksync.client.MahakPermanentException;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * The transaction of one page: opened before its records are stored, committed with the cursors that
 * cover them, rolled back when anything of the page failed. A dry run rolls back what it stored.
 */
@Singleton
@Named("pageTransaction")
public class PageTransaction {

    private static final Logger LOG = Logger.getLogger(PageTransaction.class);

    private final TargetDatabase db;
    private final CursorStore cursors;
    private final MahakClient client;
    private final DryRun dryRun;

    PageTransaction(TargetDatabase db, CursorStore cursors, MahakClient client, DryRun dryRun) {
        this.db = db;
        this.cursors = cursors;
        this.client = client;
        this.dryRun = dryRun;
    }

    /** Opens the page's transaction on a connection of its own (held by the page, exchange property MahakPullPage). */
    public void begin(Exchange exchange) {
        PullPage page = page(exchange);
        try {
            Connection c = db.dataSource().getConnection();
            page.connection = c;
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw PullPage.storingFailed(e);
        }
    }

    /**
     * Once the whole answer was read and stored: Mahak's own verdict checked, every entity's cursor moved
     * to the newest row version the answer brought (stored or dropped by a step), and the page committed.
     */
    public void commit(Exchange exchange) {
        PullPage page = page(exchange);
        GetAllDataReader.Outcome outcome = page.answer.outcome();
        if (!outcome.result()) {
            String endpoint = client.settings().versioned("GetAllData");
            throw new MahakPermanentException(endpoint, outcome.code(), endpoint + " answered Result:false, Code "
                    + outcome.code() + ": " + (outcome.message() == null ? "no message" : Scrubber.scrub(outcome.message()))
                    + "; nothing of this page was stored", null);
        }
        Connection c = page.connection;
        try {
            Instant now = Instant.now();
            for (PullCycle.EntityProgress p : page.cycle.entitiesBehind()) {
                String name = p.entity().name();
                EntityBatch b = page.batches.get(name);
                if (b != null) {
                    b.flush();
                }
                PullPage.Tally t = page.tallies.get(name);
                cursors.advance(c, name, t == null ? p.cursor() : t.maxRowVersion, b == null ? 0 : b.upserted,
                        b == null ? 0 : b.deleted, now);
            }
            if (dryRun.enabled()) {
                // read, mapped and written as usual, then undone: the mirror and the cursors stay as they were
                c.rollback();
                LOG.infof("Dry run: page not stored (%s)", summary(page.batches));
            } else {
                c.commit();
            }
            page.ended = true;
        } catch (SQLException e) {
            throw PullPage.storingFailed(e);
        }
    }

    /** Rolls back what did not commit and lets go of the connection and the answer, whatever happened. */
    public void close(Exchange exchange) {
        PullPage page = exchange.getProperty(PullPage.PROPERTY, PullPage.class);
        if (page != null) {
            page.close();
        }
    }

    private static PullPage page(Exchange exchange) {
        return exchange.getProperty(PullPage.PROPERTY, PullPage.class);
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
}
