package io.mahaksync.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldType;
import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.targetdb.TargetUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One page of a pull while the route {@code pull-page} works on it (exchange property {@value #PROPERTY}):
 * the request, the transaction its rows and cursors share, the answer being read, what the answer
 * brought per entity (counted as it came, before any step of the engineer's saw it: the cursor moves
 * past what a step dropped) and what was stored per entity.
 */
final class PullPage implements AutoCloseable {

    /** Exchange property holding the page. */
    static final String PROPERTY = "MahakPullPage";

    private static final Logger LOG = Logger.getLogger(PullPage.class);

    /** What the answer brought for one entity: the figures the cursor and the cycle move on. */
    static final class Tally {
        final long cursorAtRequest;
        long records;
        long newer;
        long redelivered;
        long maxRowVersion;
        private String rowVersionName = EntityDef.ROW_VERSION;

        Tally(long cursorAtRequest) {
            this.cursorAtRequest = cursorAtRequest;
            this.maxRowVersion = cursorAtRequest;
        }

        void count(ObjectNode record) {
            records++;
            JsonNode node = record.get(rowVersionName);
            if (node == null) {
                // the wire spells it one way per answer: found in any letter case once, looked up directly afterwards
                for (var it = record.fieldNames(); it.hasNext();) {
                    String name = it.next();
                    if (name.equalsIgnoreCase(EntityDef.ROW_VERSION)) {
                        rowVersionName = name;
                        node = record.get(name);
                        break;
                    }
                }
            }
            Object value = node == null || node.isNull() ? null : RowMapper.convert(FieldType.INT64, node);
            if (!(value instanceof Long rowVersion)) {
                return;
            }
            if (rowVersion == cursorAtRequest) {
                redelivered++;
            }
            if (rowVersion > cursorAtRequest) {
                newer++;
                maxRowVersion = Math.max(maxRowVersion, rowVersion);
            }
        }
    }

    final PullCycle cycle;
    final ObjectNode request;
    Connection connection;
    GetAllDataReader answer;
    /** The thread reading the answer ahead of the route, when mahak.pull.read-ahead is on. */
    ReadAhead readAhead;
    /** What the answer brought, per entity of the cycle that it carried. */
    final Map<String, Tally> tallies = new LinkedHashMap<>();
    /** What was stored, per entity. */
    final Map<String, EntityBatch> batches = new LinkedHashMap<>();
    /** Committed (or, in a dry run, rolled back on purpose). */
    boolean ended;

    PullPage(PullCycle cycle, ObjectNode request) {
        this.cycle = cycle;
        this.request = request;
    }

    /** The tally of an entity the cycle asked for, or null for a collection it did not ask for. */
    Tally tally(EntityDef entity) {
        Tally t = tallies.get(entity.name());
        if (t == null) {
            PullCycle.EntityProgress p = cycle.progress(entity.name());
            if (p == null) {
                return null;
            }
            t = new Tally(p.cursor);
            tallies.put(entity.name(), t);
        }
        return t;
    }

    /** Rolls back what did not commit and lets go of the statements, the connection and the answer. */
    @Override
    public void close() {
        if (readAhead != null) {
            readAhead.close(); // first: the reader lets go of the answer before it is closed
        }
        if (connection != null && !ended) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is already broken; nothing was committed
            }
        }
        for (EntityBatch b : batches.values()) {
            try {
                b.close();
            } catch (SQLException e) {
                LOG.debugf("Closing a statement of the page failed: %s", DatabaseReason.of(e));
            }
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("Closing the page's connection failed: %s", DatabaseReason.of(e));
            }
        }
        if (answer != null) {
            answer.close();
        }
    }

    /** What a database failure while storing the page becomes: unavailable (retried) or failed, never its values. */
    static RuntimeException storingFailed(SQLException raw) {
        // The driver's message and causes hold the statement with the page's values: only the reason goes on.
        SQLException e = DatabaseReason.withoutValues(null, raw);
        if (TargetUnavailableException.isConnectionProblem(raw)) {
            return new TargetUnavailableException("The target database is unavailable: " + e.getMessage(), e);
        }
        return new IllegalStateException("Storing a page failed: " + e.getMessage(), e);
    }
}
