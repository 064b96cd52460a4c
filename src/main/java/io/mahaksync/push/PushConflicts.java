package io.mahaksync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.client.Envelope;
import io.mahaksync.client.MahakAnswers;
import io.mahaksync.client.MahakClient;
import io.mahaksync.client.MahakPermanentException;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

/**
 * {@code mahak_conflict}: records rejected with 2002 (stale row version) and what became of them.
 * {@code server-wins}: the server's version is pulled into the target tables ({@code direct:pull-now})
 * and the conflict stays {@code open} for an operator. {@code client-wins}: the client's change is put on
 * the server's fresh row version and sent again ({@code resent}). An operator may settle a conflict with
 * SolveDispute / SolveOrderDispute ({@link #solve(long)}: {@code solved}) or dismiss it.
 */
@Singleton
@Named("conflicts")
public class PushConflicts {

    private static final Logger LOG = Logger.getLogger(PushConflicts.class);

    public static final String OPEN = "open";
    public static final String RESENT = "resent";
    public static final String SOLVED = "solved";
    public static final String DISMISSED = "dismissed";

    private final TargetDatabase db;
    private final EntityCatalog catalog;
    private final PushSettings settings;
    private final Reconciler reconciler;
    private final MahakClient client;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final ObjectMapper mapper;

    public PushConflicts(TargetDatabase db, EntityCatalog catalog, PushSettings settings, Reconciler reconciler,
            MahakClient client, CamelContext camel, ProducerTemplate producer, ObjectMapper mapper) {
        this.db = db;
        this.catalog = catalog;
        this.settings = settings;
        this.reconciler = reconciler;
        this.client = client;
        this.camel = camel;
        this.producer = producer;
        this.mapper = mapper;
    }

    /** A conflict just recorded, to be handled by the policy once its transaction committed. */
    public record Case(long conflictId, OutboxRow row, Long serverId, String policy) {
    }

    /** One row of mahak_conflict. */
    public record Conflict(long id, String entity, Long clientId, Long serverId, Long outboxId, Long clientRowVersion,
            Long serverRowVersion, String policy, String status, String reason, String payload, Instant createdAt,
            Instant resolvedAt) {
    }

    private String q(String s) {
        return db.dialect().quote(s);
    }

    Case record(Connection c, OutboxRow row, Long serverId, String reason) throws SQLException {
        String policy = settings.conflictPolicy();
        JsonNode rv = row.payload().get(EntityDef.ROW_VERSION);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q("mahak_conflict") + " (" + String.join(", ",
                q("entity"), q("client_id"), q("server_id"), q("outbox_id"), q("client_row_version"), q("policy"),
                q("status"), q("reason"), q("payload"), q("created_at")) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, row.entity());
            ps.setLong(2, row.clientId());
            IdMap.setLong(ps, 3, serverId != null ? serverId : serverIdOf(row));
            ps.setLong(4, row.id());
            IdMap.setLong(ps, 5, rv != null && rv.canConvertToLong() ? rv.asLong() : null);
            ps.setString(6, policy);
            ps.setString(7, OPEN);
            ps.setString(8, OutboxStore.truncate(reason));
            ps.setString(9, row.payload().toString());
            ps.setTimestamp(10, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Case(keys.getLong(1), row, serverId != null ? serverId : serverIdOf(row), policy);
            }
        }
    }

    private Long serverIdOf(OutboxRow row) {
        EntityDef e = catalog.get(row.entity());
        JsonNode id = row.payload().get(e.idField());
        return id != null && id.canConvertToLong() ? id.asLong() : null;
    }

    /** Applies the policy to conflicts recorded in a committed batch. */
    public void handle(List<Case> cases) {
        for (Case k : cases) {
            try {
                if (PushSettings.CLIENT_WINS.equals(k.policy())) {
                    clientWins(k);
                } else {
                    serverWins(k);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Conflict %d (%s %d) stays open: %s", k.conflictId(), k.row().entity(), k.row().clientId(),
                        e.getMessage());
                note(k.conflictId(), null, null, "policy failed: " + e.getMessage());
            }
        }
    }

    private void serverWins(Case k) {
        Optional<Reconciler.Found> fresh = serverVersion(k);
        note(k.conflictId(), fresh.map(Reconciler.Found::rowVersion).orElse(null),
                fresh.map(Reconciler.Found::serverId).orElse(null), null);
        LOG.infof("Conflict %d: %s %d kept the server's version (server-wins)", k.conflictId(), k.row().entity(),
                k.row().clientId());
    }

    private void clientWins(Case k) {
        OutboxRow row = k.row();
        if (row.attempts() + 1 >= settings.maxAttempts()) {
            note(k.conflictId(), null, null, "not resent: " + settings.maxAttempts() + " attempts used");
            return;
        }
        Reconciler.Found fresh = serverVersion(k).orElseThrow(() ->
                new IllegalStateException("the server's current version of the record was not found"));
        EntityDef e = catalog.get(row.entity());
        ObjectNode payload = row.payload().deepCopy();
        payload.put(EntityDef.ROW_VERSION, fresh.rowVersion());
        if (fresh.serverId() != null) {
            payload.put(e.idField(), fresh.serverId());
        }
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + q("mahak_outbox") + " SET " + q("status") + " = 'pending', " + q("batch_id") + " = NULL, "
                + q("payload") + " = ?, " + q("updated_at") + " = ? WHERE " + q("id") + " = ? AND " + q("status")
                + " = 'conflict'")) {
            ps.setString(1, payload.toString());
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, row.id());
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot requeue outbox row " + row.id() + ": " + ex.getMessage(), ex);
        }
        note(k.conflictId(), fresh.rowVersion(), fresh.serverId(), null);
        setStatus(k.conflictId(), RESENT);
        LOG.infof("Conflict %d: %s %d re-applied on row version %d (client-wins)", k.conflictId(), row.entity(),
                row.clientId(), fresh.rowVersion());
    }

    /**
     * The server's current version of a record: pulled into the target tables with {@code direct:pull-now}
     * when that route exists, else read with GetAllData.
     */
    Optional<Reconciler.Found> serverVersion(Case k) {
        EntityDef e = catalog.get(k.row().entity());
        long clientId = k.row().clientId();
        if (pullAvailable()) {
            try {
                producer.requestBody("direct:pull-now", List.of(e.name()));
                Optional<Reconciler.Found> fromTable = fromTable(e, clientId);
                if (fromTable.isPresent()) {
                    note(k.conflictId(), null, null, "server version pulled into " + e.table());
                    return fromTable;
                }
            } catch (RuntimeException pullFailed) {
                LOG.warnf("direct:pull-now failed for %s; reading the server's version with GetAllData: %s", e.name(),
                        pullFailed.getMessage());
                note(k.conflictId(), null, null, "pull-now failed: " + pullFailed.getMessage());
            }
        }
        return Optional.ofNullable(reconciler.find(e.name(), Set.of(clientId), 0).get(clientId));
    }

    boolean pullAvailable() {
        return camel.getRoutes().stream().anyMatch(r -> r.getEndpoint().getEndpointUri().startsWith("direct://pull-now"));
    }

    private Optional<Reconciler.Found> fromTable(EntityDef e, long clientId) {
        SqlDialect d = db.dialect();
        String cidColumn = e.field(e.clientIdField()).orElseThrow().column();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + d.quote(e.idFieldDef().column()) + ", " + d.quote("row_version") + " FROM " + d.quote(e.table())
                + " WHERE " + d.quote(cidColumn) + " = ?")) {
            ps.setLong(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Reconciler.Found(clientId, IdMap.getLong(rs, 1), IdMap.getLong(rs, 2)))
                        : Optional.empty();
            }
        } catch (SQLException ex) {
            return Optional.empty();
        }
    }

    private void note(long id, Long serverRowVersion, Long serverId, String extraReason) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + q("mahak_conflict") + " SET " + q("server_row_version") + " = COALESCE(?, " + q("server_row_version")
                + "), " + q("server_id") + " = COALESCE(?, " + q("server_id") + "), " + q("reason") + " = "
                + (extraReason == null ? q("reason") : "?") + " WHERE " + q("id") + " = ?")) {
            IdMap.setLong(ps, 1, serverRowVersion);
            IdMap.setLong(ps, 2, serverId);
            int i = 3;
            if (extraReason != null) {
                Conflict now = find(id).orElseThrow();
                ps.setString(i++, OutboxStore.truncate(now.reason() + "; " + extraReason));
            }
            ps.setLong(i, id);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot update mahak_conflict: " + ex.getMessage(), ex);
        }
    }

    // ---------------------------------------------------------------- for operators (admin API)

    /** Conflicts, newest first; {@code status} null for all. */
    public List<Conflict> list(String status) {
        String sql = "SELECT * FROM " + q("mahak_conflict") + (status == null ? "" : " WHERE " + q("status") + " = ?")
                + " ORDER BY " + q("id") + " DESC LIMIT 1000";
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (status != null) {
                ps.setString(1, status);
            }
            List<Conflict> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_conflict: " + e.getMessage(), e);
        }
    }

    public List<Conflict> list() {
        return list(null);
    }

    public Optional<Conflict> find(long id) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM " + q("mahak_conflict") + " WHERE " + q("id") + " = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_conflict: " + e.getMessage(), e);
        }
    }

    /**
     * Settles a conflict with Mahak: SolveOrderDispute for orders, SolveDispute for other entities, via
     * the routes {@code direct:solve-order-dispute} / {@code direct:solve-dispute}. Returns Mahak's Data.
     */
    public JsonNode solve(long id) {
        Conflict k = find(id).orElseThrow(() -> new IllegalArgumentException("No conflict " + id));
        String route = "orders".equals(k.entity()) ? "direct:solve-order-dispute" : "direct:solve-dispute";
        return producer.requestBody(route, id, JsonNode.class);
    }

    /** The SolveDispute / SolveOrderDispute request for a conflict (used by the dispute routes). */
    public ObjectNode disputeRequest(long id) {
        Conflict k = find(id).orElseThrow(() -> new IllegalArgumentException("No conflict " + id));
        if (k.serverId() == null) {
            throw new IllegalArgumentException("Conflict " + id + " has no server id to dispute");
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("databaseId", client.settings().databaseId());
        ObjectNode item = mapper.createObjectNode();
        item.put("id", k.serverId());
        if ("orders".equals(k.entity())) {
            JsonNode code = payloadField(k, "orderCode");
            if (code != null) {
                item.set("code", code);
            }
        } else {
            body.put("entityName", disputeEntityName(catalog.get(k.entity())));
            Long rw = k.serverRowVersion() != null ? k.serverRowVersion() : k.clientRowVersion();
            if (rw != null) {
                item.put("rw", rw);
            }
        }
        body.putArray("disputeItems").add(item);
        return body;
    }

    /** SolveDispute's entityName: the wire's spelling (person, product, ProductDetail, order, ...). */
    static String disputeEntityName(EntityDef e) {
        String model = e.model().endsWith("Model") ? e.model().substring(0, e.model().length() - 5) : e.model();
        return switch (model) {
            case "ProductDetail" -> "ProductDetail";
            default -> Character.toLowerCase(model.charAt(0)) + model.substring(1);
        };
    }

    private JsonNode payloadField(Conflict k, String field) {
        try {
            JsonNode v = mapper.readTree(k.payload() == null ? "{}" : k.payload()).get(field);
            return v == null || v.isNull() ? null : v;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Mahak's answer to SolveDispute / SolveOrderDispute (the call is the route's: {@code to: direct:mahak-call}),
     * read and closed: its Data, or a permanent failure when it says {@code Result:false}.
     */
    public JsonNode answer(String operation, InputStream answer) {
        if (!operation.equals("SolveDispute") && !operation.equals("SolveOrderDispute")) {
            throw new IllegalArgumentException("Not a dispute operation: " + operation);
        }
        String endpoint = client.settings().versioned(operation);
        Envelope envelope = Envelope.of(MahakAnswers.readWhole(mapper, endpoint, answer));
        if (!envelope.result()) {
            throw new MahakPermanentException(endpoint, envelope.code(), endpoint + " failed: " + envelope.describeFailure(),
                    null);
        }
        return envelope.data() == null || envelope.data().isMissingNode() ? mapper.createObjectNode() : envelope.data();
    }

    public void markSolved(long id) {
        setStatus(id, SOLVED);
    }

    public void dismiss(long id) {
        setStatus(id, DISMISSED);
    }

    private void setStatus(long id, String status) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + q("mahak_conflict") + " SET " + q("status") + " = ?, " + q("resolved_at") + " = ? WHERE " + q("id")
                + " = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update mahak_conflict: " + e.getMessage(), e);
        }
    }

    private static Conflict read(ResultSet rs) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new Conflict(rs.getLong("id"), rs.getString("entity"), nullable(rs, "client_id"),
                nullable(rs, "server_id"), nullable(rs, "outbox_id"), nullable(rs, "client_row_version"),
                nullable(rs, "server_row_version"), rs.getString("policy"), rs.getString("status"),
                rs.getString("reason"), rs.getString("payload"), rs.getTimestamp("created_at").toInstant(),
                resolved == null ? null : resolved.toInstant());
    }

    private static Long nullable(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
