package io.mahaksync.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.scrub.Scrubber;
import io.mahaksync.targetdb.SqlDialect;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code mahak_outbox}: every record to send, from an ERP's inserts ({@code source = 'db'}) or from a
 * CSV drop ({@code source = 'csv'}); rows get there through {@link OutboxStaging}. This bean holds the SQL of
 * each row's outcome. Which pending records go together is read by {@link PushPending} and batched in the route
 * {@code push-walk}; a batch's records are claimed when it is journalled ({@link PushJournal#open}).
 * Row lifecycle: {@code pending} -> {@code sent} | {@code rejected} | {@code conflict} | {@code invalid}.
 */
@Singleton
@Named("outboxStore")
public class OutboxStore {

    private static final Logger LOG = Logger.getLogger(OutboxStore.class);

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String REJECTED = "rejected";
    public static final String CONFLICT = "conflict";
    public static final String INVALID = "invalid";
    public static final String SCOPE_DB = "db";

    private final TargetDatabase db;
    private final PushSettings settings;
    private final ObjectMapper mapper = new ObjectMapper();

    public OutboxStore(TargetDatabase db, PushSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    private String q(String identifier) {
        return db.dialect().quote(identifier);
    }

    private String table() {
        return q("mahak_outbox");
    }

    /** The pending upload rows of a drop. */
    public List<OutboxRow> pendingUploads(long dropId) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM "
                + table() + " WHERE " + q("drop_id") + " = ? AND " + q("entity") + " = ? AND " + q("status")
                + " = 'pending' ORDER BY " + q("id"))) {
            ps.setLong(1, dropId);
            ps.setString(2, PushUploads.ENTITY);
            List<OutboxRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_outbox: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- scopes

    private String scopeFilter(String scope) {
        return scopeFilter(db.dialect(), scope);
    }

    /**
     * The WHERE condition of a scope: {@code db} (the ERP outbox) or {@code drop:<id>}. The ERP outbox's rows have no
     * drop; naming {@code drop_id IS NULL} lets the send-order index (drop_id, status, send_rank, id) serve both.
     */
    static String scopeFilter(io.mahaksync.targetdb.SqlDialect d, String scope) {
        if (SCOPE_DB.equals(scope)) {
            return d.quote("drop_id") + " IS NULL AND " + d.quote("source") + " = 'db'";
        }
        if (scope.startsWith("drop:")) {
            return d.quote("drop_id") + " = " + Long.parseLong(scope.substring(5));
        }
        throw new IllegalArgumentException("Unknown push scope " + scope);
    }

    /**
     * The rows of a journalled batch still waiting for their outcome: those its journal row lists, unclaimed (a
     * drop's batch, claimed by the journal) or claimed with its {@code batch_id} (the ERP outbox's). A batch of the
     * ERP outbox journalled before its journal listed ids is found by its {@code batch_id}, which no index serves
     * any more: a scan of the outbox, once, when such a batch is settled after an upgrade.
     */
    public List<OutboxRow> openRows(PushJournal.Entry entry) {
        if (entry.outboxIds() == null) {
            return openRows(entry.batchId());
        }
        List<Long> ids = PushJournal.ids(entry);
        boolean claimedByJournal = PushJournal.dropOf(entry.scope()) != null;
        List<OutboxRow> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            for (int from = 0; from < ids.size(); from += PushJournal.IDS_PER_CLAIM) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + PushJournal.IDS_PER_CLAIM));
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table() + " WHERE " + q("id") + " IN ("
                        + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ") AND " + q("status")
                        + " = 'pending' AND " + q("batch_id") + (claimedByJournal ? " IS NULL" : " = ?") + " ORDER BY "
                        + q("id"))) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setLong(i + 1, chunk.get(i));
                    }
                    if (!claimedByJournal) {
                        ps.setString(chunk.size() + 1, entry.batchId());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(read(rs));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_outbox: " + e.getMessage(), e);
        }
        return out;
    }

    /** The rows claimed with this {@code batch_id} still waiting for their outcome. */
    public List<OutboxRow> openRows(String batchId) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM "
                + table() + " WHERE " + q("batch_id") + " = ? AND " + q("status") + " = 'pending' ORDER BY " + q("id"))) {
            ps.setString(1, batchId);
            List<OutboxRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_outbox: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- outcomes

    /** A record Mahak accepted, with the server id and row version it gave. */
    public record Accepted(OutboxRow row, Long serverId, Long rowVersion) {
    }

    /**
     * Marks many rows of batch {@code batchId} sent in one JDBC batch, inside the caller's transaction; a row the
     * journal claimed (a drop's) gets its {@code batch_id} here, in the same write.
     */
    public void markSent(Connection c, String batchId, List<Accepted> accepted) throws SQLException {
        if (accepted.isEmpty()) {
            return;
        }
        if (db.dialect() == SqlDialect.POSTGRESQL) {
            markSentAtOnce(c, batchId, accepted);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = 'sent', "
                + q("server_id") + " = ?, " + q("row_version") + " = ?, " + q("attempts") + " = " + q("attempts")
                + " + 1, " + q("last_error") + " = NULL, " + q("error_code") + " = NULL, " + q("batch_id") + " = COALESCE(?, "
                + q("batch_id") + "), " + q("updated_at") + " = ? WHERE " + q("id") + " = ?")) {
            Timestamp now = Timestamp.from(Instant.now());
            for (Accepted a : accepted) {
                IdMap.setLong(ps, 1, a.serverId());
                IdMap.setLong(ps, 2, a.rowVersion());
                ps.setString(3, batchId);
                ps.setTimestamp(4, now);
                ps.setLong(5, a.row().id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * PostgreSQL: a whole answer in one UPDATE, ids, server ids and row versions given as three arrays. A JDBC batch
     * of single-row UPDATEs (one statement per record on the server) was the push's longest wait on the database.
     */
    private void markSentAtOnce(Connection c, String batchId, List<Accepted> accepted) throws SQLException {
        Long[] ids = new Long[accepted.size()];
        Long[] serverIds = new Long[accepted.size()];
        Long[] rowVersions = new Long[accepted.size()];
        for (int i = 0; i < accepted.size(); i++) {
            ids[i] = accepted.get(i).row().id();
            serverIds[i] = accepted.get(i).serverId();
            rowVersions[i] = accepted.get(i).rowVersion();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " AS o SET " + q("status") + " = 'sent', "
                + q("server_id") + " = v.server_id, " + q("row_version") + " = v.row_version, " + q("attempts") + " = o."
                + q("attempts") + " + 1, " + q("last_error") + " = NULL, " + q("error_code") + " = NULL, "
                + q("batch_id") + " = COALESCE(?, o." + q("batch_id") + "), "
                + q("updated_at") + " = ? FROM UNNEST(CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[])) "
                + "AS v(id, server_id, row_version) WHERE o." + q("id") + " = v.id")) {
            ps.setString(1, batchId);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setArray(3, c.createArrayOf("bigint", ids));
            ps.setArray(4, c.createArrayOf("bigint", serverIds));
            ps.setArray(5, c.createArrayOf("bigint", rowVersions));
            ps.executeUpdate();
        }
    }

    public void markSent(Connection c, long id, Long serverId, Long rowVersion) throws SQLException {
        markSent(c, id, null, serverId, rowVersion);
    }

    /** One row sent; {@code batchId} (null: kept as it is) is the request it went in. */
    public void markSent(Connection c, long id, String batchId, Long serverId, Long rowVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = 'sent', "
                + q("server_id") + " = ?, " + q("row_version") + " = ?, " + q("attempts") + " = " + q("attempts")
                + " + 1, " + q("last_error") + " = NULL, " + q("error_code") + " = NULL, " + q("batch_id") + " = COALESCE(?, "
                + q("batch_id") + "), " + q("updated_at") + " = ? WHERE " + q("id") + " = ?")) {
            IdMap.setLong(ps, 1, serverId);
            IdMap.setLong(ps, 2, rowVersion);
            ps.setString(3, batchId);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /** A final outcome other than sent: rejected, conflict or invalid, with the reason and Mahak's code. */
    public void markFailed(Connection c, long id, String status, String error, Integer code, Long serverId)
            throws SQLException {
        markFailed(c, id, null, status, error, code, serverId);
    }

    /** As above, for a record of batch {@code batchId} (null: its {@code batch_id} kept as it is). */
    public void markFailed(Connection c, long id, String batchId, String status, String error, Integer code,
            Long serverId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = ?, "
                + q("last_error") + " = ?, " + q("error_code") + " = ?, " + q("server_id") + " = COALESCE(?, "
                + q("server_id") + "), " + q("attempts") + " = " + q("attempts") + " + 1, " + q("batch_id") + " = COALESCE(?, "
                + q("batch_id") + "), " + q("updated_at") + " = ? WHERE " + q("id") + " = ?")) {
            ps.setString(1, status);
            ps.setString(2, truncate(error));
            if (code == null) {
                ps.setNull(3, java.sql.Types.INTEGER);
            } else {
                ps.setInt(3, code);
            }
            IdMap.setLong(ps, 4, serverId);
            ps.setString(5, batchId);
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.setLong(7, id);
            ps.executeUpdate();
        }
    }

    /**
     * Hands a row back to the queue (its batch is over without an answer for it), counting the attempt;
     * after {@code mahak.push.max-attempts} it is rejected instead. Returns true if rejected.
     */
    public boolean release(Connection c, OutboxRow row, String error, ObjectNode newPayload) throws SQLException {
        boolean giveUp = row.attempts() + 1 >= settings.maxAttempts();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET " + q("status") + " = ?, "
                + q("batch_id") + " = NULL, " + q("last_error") + " = ?, " + q("attempts") + " = " + q("attempts")
                + " + 1, " + q("payload") + " = COALESCE(?, " + q("payload") + "), " + q("updated_at") + " = ? WHERE "
                + q("id") + " = ?")) {
            ps.setString(1, giveUp ? REJECTED : PENDING);
            ps.setString(2, truncate(giveUp ? "gave up after " + (row.attempts() + 1) + " attempts: " + error : error));
            ps.setString(3, newPayload == null ? null : newPayload.toString());
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setLong(5, row.id());
            ps.executeUpdate();
        }
        return giveUp;
    }

    /** Puts a finished row back to pending (dead-letter replay, dispute follow-up), optionally with a new payload. */
    public boolean requeue(long id, String payloadJson) {
        return requeue(id, payloadJson, null);
    }

    /** As {@link #requeue(long, String)}, with a corrected client id too (null: keep it). */
    public boolean requeue(long id, String payloadJson, Long clientId) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + table() + " SET " + q("status") + " = 'pending', " + q("batch_id") + " = NULL, " + q("source")
                + " = 'db', " + q("group_key") + " = NULL, " + q("attempts") + " = 0, " + q("payload") + " = COALESCE(?, "
                + q("payload") + "), " + q("client_id") + " = COALESCE(?, " + q("client_id") + "), " + q("updated_at")
                + " = ? WHERE " + q("id") + " = ? AND " + q("status") + " <> 'pending'")) {
            ps.setString(1, payloadJson);
            IdMap.setLong(ps, 2, clientId);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot requeue mahak_outbox row " + id + ": " + e.getMessage(), e);
        }
    }

    /** The client id of an outbox row, if the row exists and has one. */
    public Optional<Long> clientId(long id) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + q("client_id") + " FROM " + table() + " WHERE " + q("id") + " = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(IdMap.getLong(rs, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_outbox row " + id + ": " + e.getMessage(), e);
        }
    }

    /** Counts rows of a scope by status, for progress and tests. */
    public Map<String, Long> countByStatus(String scope) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + q("status") + ", COUNT(*) FROM " + table() + " WHERE " + scopeFilter(scope) + " GROUP BY " + q("status"))) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count mahak_outbox: " + e.getMessage(), e);
        }
        return out;
    }

    OutboxRow read(ResultSet rs) throws SQLException {
        ObjectNode payload;
        try {
            payload = (ObjectNode) mapper.readTree(rs.getString("payload"));
        } catch (JsonProcessingException | ClassCastException e) {
            payload = mapper.createObjectNode();
        }
        long drop = rs.getLong("drop_id");
        Long dropId = rs.wasNull() ? null : drop;
        long row = rs.getLong("source_row");
        Long sourceRow = rs.wasNull() ? null : row;
        return new OutboxRow(rs.getLong("id"), rs.getString("entity"), rs.getLong("client_id"), payload,
                rs.getInt("attempts"), rs.getString("group_key"), rs.getString("source"), dropId,
                rs.getString("source_file"), sourceRow);
    }

    static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }

    public TargetDatabase database() {
        return db;
    }
}
