package io.mahaksync.push;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The pending records of a scope as {@code push-walk} reads them: whole groups (an order with all its
 * details: one group key, given at staging from {@code mahak.push.together}), rank after rank (people before
 * the orders that name them), by id, a window of about two batches at a time. A group whose anchor (the order
 * of a detail) is neither in it nor known to Mahak waits, or is marked invalid when it cannot come any more.
 * Reads only: records are claimed when their batch is journalled ({@link PushJournal#open}).
 */
@Singleton
@Named("pushPending")
public class PushPending {

    private static final Logger LOG = Logger.getLogger(PushPending.class);
    /** Group keys per IN (...) query. */
    private static final int KEYS_PER_QUERY = 100;

    private final TargetDatabase db;
    private final EntityCatalog catalog;
    private final IdMap idMap;
    private final PushSettings settings;
    private final io.mahaksync.DryRun dryRun;
    private final OutboxStore outbox;

    public PushPending(TargetDatabase db, EntityCatalog catalog, IdMap idMap, PushSettings settings,
            io.mahaksync.DryRun dryRun, OutboxStore outbox) {
        this.db = db;
        this.outbox = outbox;
        this.catalog = catalog;
        this.idMap = idMap;
        this.settings = settings;
        this.dryRun = dryRun;
    }

    private String q(String identifier) {
        return db.dialect().quote(identifier);
    }

    private String table() {
        return q("mahak_outbox");
    }

    private String pending(String scope) {
        return q("status") + " = 'pending' AND " + q("batch_id") + " IS NULL AND " + q("group_key") + " IS NOT NULL AND "
                + OutboxStore.scopeFilter(db.dialect(), scope);
    }

    /** Starts a walk over the scope's pending records (an ended one when there are none). */
    public PushWalk walk(String scope, boolean drain) {
        List<Integer> ranks = new ArrayList<>();
        long count = 0;
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + q("send_rank") + ", COUNT(*) FROM " + table()
                    + " WHERE " + pending(scope) + " GROUP BY " + q("send_rank") + " ORDER BY " + q("send_rank"));
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ranks.add(rs.getInt(1));
                    count += rs.getLong(2);
                }
            }
            refreshStatistics(c, count);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the pending push records: " + e.getMessage(), e);
        }
        return new PushWalk(scope, drain, dryRun.enabled(), ranks);
    }

    /**
     * The next ready groups of the walk, in send order, about two batches' worth; the last call of a walk
     * ends its list with {@link PushGroup#END}.
     */
    public List<PushGroup> nextGroups(PushWalk walk) {
        List<PushGroup> out = new ArrayList<>();
        if (walk.ended) {
            return out;
        }
        int window = settings.batchSize() * 2;
        try (Connection c = db.dataSource().getConnection()) {
            while (out.isEmpty() && !walk.ended) {
                if (walk.rank >= walk.ranks.size()) {
                    walk.ended = true;
                    break;
                }
                Map<String, Long> firstId = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement(windowQuery(walk.scope))) {
                    ps.setInt(1, walk.ranks.get(walk.rank));
                    ps.setLong(2, walk.lastId);
                    ps.setInt(3, window);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            firstId.putIfAbsent(rs.getString(1), rs.getLong(2));
                            walk.lastId = Math.max(walk.lastId, rs.getLong(2));
                        }
                    }
                }
                if (firstId.isEmpty()) {
                    walk.rank++;
                    walk.lastId = 0;
                    continue;
                }
                List<String> keys = firstId.keySet().stream().filter(k -> !walk.handedOut.contains(k)).toList();
                for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
                    List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
                    Map<String, List<OutboxRow>> byGroup = new LinkedHashMap<>();
                    Map<String, Instant> since = new java.util.HashMap<>();
                    loadGroups(c, walk, chunk, byGroup, since);
                    for (String g : chunk) {
                        List<OutboxRow> group = byGroup.getOrDefault(g, List.of());
                        if (!group.isEmpty() && parentReady(c, walk, g, group)) {
                            walk.handedOut.add(g);
                            if (walk.dryRun) {
                                group.forEach(r -> walk.planned.add(r.id()));
                            }
                            out.add(new PushGroup(g, walk.ranks.get(walk.rank), group, since.get(g)));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            walk.ended = true;
            throw new IllegalStateException("Cannot read the pending push records: " + e.getMessage(), e);
        }
        if (walk.ended) {
            out.add(PushGroup.END);
            walk.handedOut.clear(); // what the walk still needs: its dry-run plan (parentReady) until END
        }
        return out;
    }

    /**
     * The next window of a walk: group keys and ids of pending rows of one send rank after an id, in id order;
     * parameters rank, last id, window size. LIMIT, not setMaxRows: without it PostgreSQL planned for every pending
     * row of the drop (a bitmap scan and a sort of all of them, for each window) where the send-order index gives
     * the next window directly. On PostgreSQL ordered by drop_id too, one value in a window: it takes {@code drop_id
     * IS NULL} (the ERP outbox) for no equality and would sort the window's rows instead of reading them in index
     * order; MariaDB, the other way round, reads {@code ORDER BY id} in index order and sorts for the longer one.
     */
    String windowQuery(String scope) {
        String order = db.dialect() == io.mahaksync.targetdb.SqlDialect.POSTGRESQL ? q("drop_id") + ", " + q("id") : q("id");
        return "SELECT " + q("group_key") + ", " + q("id") + " FROM " + table() + " WHERE " + pending(scope) + " AND "
                + q("send_rank") + " = ? AND " + q("id") + " > ? ORDER BY " + order + " LIMIT ?";
    }

    /** Pending rows from which a walk first brings PostgreSQL's statistics of the outbox up to date. */
    static final long ANALYZE_FROM_PENDING = 10_000;

    /**
     * PostgreSQL plans {@link #loadGroups}' {@code group_key IN (...)} from the table's statistics. A freshly staged
     * drop has none until autovacuum analyses the table (never, where it is off), and without them every key is
     * guessed at 0.5 % of the table: 100 keys are "half the table", so each batch read the whole outbox sequentially,
     * dead row versions included, and a 100,000-row drop slowed from 576 to 170 rows/s as the outbox grew. One
     * ANALYZE (a sample of 30,000 rows) before a walk over a large backlog keeps the group index in use.
     */
    private void refreshStatistics(Connection c, long pending) throws SQLException {
        if (pending >= ANALYZE_FROM_PENDING && db.dialect() == io.mahaksync.targetdb.SqlDialect.POSTGRESQL) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ANALYZE " + table());
            }
        }
    }

    private void loadGroups(Connection c, PushWalk walk, List<String> groups, Map<String, List<OutboxRow>> out,
            Map<String, Instant> since) throws SQLException {
        String in = String.join(", ", java.util.Collections.nCopies(groups.size(), "?"));
        // By group key only, so that only its index can serve the query; state and scope are checked on the rows
        // read. With "status = 'pending' AND batch_id IS NULL" in the WHERE clause, PostgreSQL (a freshly staged
        // drop has no statistics yet) ANDed the group index with the status index, which walks every pending row
        // of the table: 92 ms per batch and half the time of a 100,000-row push.
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table() + " WHERE " + q("group_key")
                + " IN (" + in + ") ORDER BY " + q("id"))) {
            for (int i = 0; i < groups.size(); i++) {
                ps.setString(i + 1, groups.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!OutboxStore.PENDING.equals(rs.getString("status")) || rs.getString("batch_id") != null) {
                        continue;
                    }
                    OutboxRow r = outbox.read(rs);
                    if (inScope(r, walk.scope) && !walk.planned.contains(r.id())) {
                        out.computeIfAbsent(r.groupKey(), k -> new ArrayList<>()).add(r);
                        Timestamp updated = rs.getTimestamp("updated_at");
                        if (updated != null) {
                            since.merge(r.groupKey(), updated.toInstant(), (a, b) -> a.isBefore(b) ? a : b);
                        }
                    }
                }
            }
        }
    }

    private static boolean inScope(OutboxRow r, String scope) {
        return OutboxStore.SCOPE_DB.equals(scope) ? r.dropId() == null && OutboxStore.SCOPE_DB.equals(r.source())
                : r.dropId() != null && scope.equals("drop:" + r.dropId());
    }

    /**
     * Whether a group may go: it holds its own anchor record (the order itself), or the anchor is known to
     * Mahak. A group whose anchor failed is marked invalid; one whose anchor is nowhere waits (outbox, for
     * {@code mahak.push.orphan-grace}) or is marked invalid at once (a drop is complete when it is read).
     */
    private boolean parentReady(Connection c, PushWalk walk, String groupKey, List<OutboxRow> group)
            throws SQLException {
        int colon = groupKey.lastIndexOf(':');
        String anchorEntity = groupKey.substring(0, colon);
        long anchorClientId = Long.parseLong(groupKey.substring(colon + 1));
        for (OutboxRow r : group) {
            if (r.entity().equals(anchorEntity) && r.clientId() == anchorClientId) {
                return true;
            }
        }
        EntityDef anchor = catalog.get(anchorEntity);
        if (idMap.knownToMahak(anchor, anchorClientId)) {
            return true;
        }
        String anchorStatus = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + q("status") + ", " + q("id") + " FROM "
                + table() + " WHERE " + q("entity") + " = ? AND " + q("client_id") + " = ? ORDER BY " + q("id")
                + " DESC LIMIT 1")) {
            ps.setString(1, anchorEntity);
            ps.setLong(2, anchorClientId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    anchorStatus = rs.getString(1);
                    if (OutboxStore.PENDING.equals(anchorStatus)) {
                        // in flight or about to be: the group follows it (in a dry run, once it was shown)
                        return walk.dryRun && walk.planned.contains(rs.getLong(2));
                    }
                }
            }
        }
        String reason;
        if (anchorStatus != null) {
            reason = anchor.name() + " with " + anchor.clientIdField() + " " + anchorClientId + " was not accepted ("
                    + anchorStatus + "), so this record is not sent";
        } else {
            boolean expired = !OutboxStore.SCOPE_DB.equals(walk.scope)
                    || group.stream().allMatch(r -> olderThanGrace(c, r.id()));
            if (!expired) {
                return false;
            }
            reason = anchor.name() + " with " + anchor.clientIdField() + " " + anchorClientId
                    + " is neither in this push nor known to Mahak";
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = ?, "
                + q("last_error") + " = ?, " + q("updated_at") + " = ? WHERE " + q("id") + " = ?")) {
            for (OutboxRow r : group) {
                ps.setString(1, OutboxStore.INVALID);
                ps.setString(2, OutboxStore.truncate(reason));
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.setLong(4, r.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        LOG.warnf("%d %s record(s) not sent: %s", group.size(), group.get(0).entity(), Scrubber.scrub(reason));
        return false;
    }

    private boolean olderThanGrace(Connection c, long id) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table() + " WHERE " + q("id") + " = ? AND "
                + q("updated_at") + " < ?")) {
            ps.setLong(1, id);
            ps.setTimestamp(2, Timestamp.from(Instant.now().minus(settings.orphanGrace())));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }
}
