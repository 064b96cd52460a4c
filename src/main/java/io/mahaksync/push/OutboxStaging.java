package io.mahaksync.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.scrub.DatabaseReason;
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
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one way a record becomes a row of {@code mahak_outbox}, whatever brought it (a CSV drop, an ERP's
 * INSERT, {@code direct:mahak-push}): checked against the entity catalog ({@link RecordValidator}), placed with
 * the records it travels with ({@link PushRelations}), and written {@code pending}, or {@code invalid} with every
 * reason. Drops and the entry insert rows; an ERP's own rows are checked where they stand ({@link #validateNew}).
 */
@Singleton
@Named("outboxStaging")
public class OutboxStaging {

    private static final Logger LOG = Logger.getLogger(OutboxStaging.class);

    /** {@code source} of the rows the outbox send loop sends (scope {@code db}): an ERP's, the entry's, replays. */
    public static final String SOURCE_DB = OutboxStore.SCOPE_DB;
    /** {@code source} of a CSV drop's rows (scope {@code drop:<id>}). */
    public static final String SOURCE_CSV = "csv";

    private final TargetDatabase db;
    private final RecordValidator validator;
    private final PushRelations relations;
    private final PushSettings settings;
    private final ObjectMapper mapper = new ObjectMapper();

    public OutboxStaging(TargetDatabase db, RecordValidator validator, PushRelations relations, PushSettings settings) {
        this.db = db;
        this.validator = validator;
        this.relations = relations;
        this.settings = settings;
    }

    /** A checked record: the entity it was given for, the outcome, and (valid records) its group and send rank. */
    public record Staged(String entity, RecordValidator.Outcome outcome, PushRelations.Placement placement) {
        public boolean ok() {
            return outcome.ok();
        }
    }

    /**
     * Where a staged row came from: its {@code source}, and in {@code drop_id}, {@code source_file} and
     * {@code source_row} its drop, file and row (a drop) or the route that staged it and its index in the message.
     */
    public record Origin(String source, Long dropId, String file, long row) {
    }

    // ---------------------------------------------------------------- the rules

    /** Checks a record given as JSON (any letter case); an entity that cannot be pushed makes it invalid. */
    public Staged check(String entity, JsonNode record, Long clientIdColumn) {
        EntityDef e;
        try {
            e = validator.pushable(entity);
        } catch (IllegalArgumentException notPushable) {
            return new Staged(entity, new RecordValidator.Outcome(null, notPushable.getMessage()), null);
        }
        return placed(e.name(), validator.validateJson(e, record, clientIdColumn));
    }

    /** Checks one CSV row of a drop file (header names to cells). */
    public Staged checkCells(EntityDef entity, List<String> header, List<String> cells) {
        return placed(entity.name(), validator.validateCells(entity, header, cells));
    }

    /** A record whose outcome is known already (a file that cannot be read, a row of uploads.csv): no placement. */
    public Staged unplaced(String entity, RecordValidator.Outcome outcome) {
        return new Staged(entity, outcome, null);
    }

    private Staged placed(String entity, RecordValidator.Outcome outcome) {
        PushRelations.Placement p = outcome.ok()
                ? relations.place(outcome.valid().entity(), outcome.valid().clientId(), outcome.valid().payload())
                : null;
        return new Staged(entity, outcome, p);
    }

    // ---------------------------------------------------------------- writing new rows

    /** An insert of staged rows inside the caller's transaction; {@code returningIds} to read each row's id. */
    public PreparedStatement insertStatement(Connection c, boolean returningIds) throws SQLException {
        String sql = "INSERT INTO " + q("mahak_outbox") + " (" + String.join(", ", q("entity"), q("client_id"),
                q("payload"), q("status"), q("last_error"), q("group_key"), q("send_rank"), q("source"), q("drop_id"),
                q("source_file"), q("source_row"), q("created_at"), q("updated_at"))
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        return returningIds ? c.prepareStatement(sql, new String[] {"id"}) : c.prepareStatement(sql);
    }

    /** Adds a staged row to the statement's JDBC batch (drops: many rows, no ids needed). */
    public void add(PreparedStatement ps, Staged staged, Origin origin) throws SQLException {
        bind(ps, staged, origin);
        ps.addBatch();
    }

    /** Inserts a staged row now and returns its id (the statement from {@code insertStatement(c, true)}). */
    public long insert(PreparedStatement ps, Staged staged, Origin origin) throws SQLException {
        bind(ps, staged, origin);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("mahak_outbox gave no id for the staged row");
            }
            return keys.getLong(1);
        }
    }

    /** Pending with its payload and placement, or invalid with the reason. */
    private void bind(PreparedStatement ps, Staged staged, Origin origin) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        RecordValidator.Outcome outcome = staged.outcome();
        ps.setString(1, staged.entity());
        if (outcome.ok()) {
            ps.setLong(2, outcome.valid().clientId());
            ps.setString(3, outcome.valid().payload().toString());
            ps.setString(4, OutboxStore.PENDING);
            ps.setString(5, null);
        } else {
            ps.setNull(2, java.sql.Types.BIGINT);
            ps.setString(3, "{}");
            ps.setString(4, OutboxStore.INVALID);
            ps.setString(5, OutboxStore.truncate(outcome.error()));
        }
        if (staged.placement() != null) {
            ps.setString(6, staged.placement().groupKey());
            ps.setInt(7, staged.placement().rank());
        } else {
            ps.setString(6, null);
            ps.setNull(7, java.sql.Types.INTEGER);
        }
        ps.setString(8, origin.source());
        IdMap.setLong(ps, 9, origin.dropId());
        ps.setString(10, origin.file());
        ps.setLong(11, origin.row());
        ps.setTimestamp(12, now);
        ps.setTimestamp(13, now);
    }

    /**
     * The id of a row holding this very record already, still to send or sent (same entity, client id and
     * payload): a message delivered twice (Kafka after a crash, a poll repeated) is staged once. Looked up by
     * group key, which has an index.
     */
    public Optional<Long> alreadyStaged(Connection c, Staged staged) throws SQLException {
        if (!staged.ok() || staged.placement() == null) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + q("id") + ", " + q("entity") + ", " + q("client_id")
                + ", " + q("payload") + ", " + q("status") + " FROM " + q("mahak_outbox") + " WHERE " + q("group_key")
                + " = ? ORDER BY " + q("id"))) {
            ps.setString(1, staged.placement().groupKey());
            String payload = staged.outcome().valid().payload().toString();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String status = rs.getString(5);
                    if (staged.entity().equals(rs.getString(2)) && rs.getLong(3) == staged.outcome().valid().clientId()
                            && payload.equals(rs.getString(4))
                            && (OutboxStore.PENDING.equals(status) || OutboxStore.SENT.equals(status))) {
                        return Optional.of(rs.getLong(1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- an ERP's own rows

    /** Checks outbox rows an ERP inserted since the last look, where they stand; returns how many it looked at. */
    public int validateNew() {
        String select = "SELECT " + q("id") + ", " + q("entity") + ", " + q("client_id") + ", " + q("payload") + " FROM "
                + q("mahak_outbox") + " WHERE " + OutboxStore.scopeFilter(db.dialect(), OutboxStore.SCOPE_DB) + " AND "
                + q("status") + " = ? AND " + q("group_key") + " IS NULL ORDER BY " + q("id") + " LIMIT ?";
        String valid = "UPDATE " + q("mahak_outbox") + " SET " + q("payload") + " = ?, " + q("client_id") + " = ?, "
                + q("group_key") + " = ?, " + q("send_rank") + " = ?, " + q("updated_at") + " = ? WHERE " + q("id") + " = ?";
        String invalid = "UPDATE " + q("mahak_outbox") + " SET " + q("status") + " = ?, " + q("last_error") + " = ?, "
                + q("updated_at") + " = ? WHERE " + q("id") + " = ?";
        int seen = 0;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(select); PreparedStatement ok = c.prepareStatement(valid);
                    PreparedStatement bad = c.prepareStatement(invalid)) {
                ps.setString(1, OutboxStore.PENDING);
                ps.setInt(2, settings.batchSize() * 5);
                Timestamp now = Timestamp.from(Instant.now());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                        long id = rs.getLong(1);
                        Staged staged;
                        try {
                            staged = check(rs.getString(2), mapper.readTree(rs.getString(4)), IdMap.getLong(rs, 3));
                        } catch (JsonProcessingException e) {
                            staged = unplaced(rs.getString(2), new RecordValidator.Outcome(null,
                                    "payload is not JSON: " + e.getOriginalMessage()));
                        }
                        if (staged.ok()) {
                            RecordValidator.Valid v = staged.outcome().valid();
                            ok.setString(1, v.payload().toString());
                            ok.setLong(2, v.clientId());
                            ok.setString(3, staged.placement().groupKey());
                            ok.setInt(4, staged.placement().rank());
                            ok.setTimestamp(5, now);
                            ok.setLong(6, id);
                            ok.addBatch();
                        } else {
                            bad.setString(1, OutboxStore.INVALID);
                            bad.setString(2, OutboxStore.truncate(staged.outcome().error()));
                            bad.setTimestamp(3, now);
                            bad.setLong(4, id);
                            bad.addBatch();
                            LOG.warnf("Outbox row %d is invalid and will not be sent: %s", id,
                                    Scrubber.scrub(staged.outcome().error()));
                        }
                    }
                }
                ok.executeBatch();
                bad.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot validate mahak_outbox rows: " + DatabaseReason.of(e),
                    DatabaseReason.withoutValues(null, e));
        }
        return seen;
    }

    private String q(String identifier) {
        return db.dialect().quote(identifier);
    }

    /** For callers that stage inside their own transaction. */
    public TargetDatabase database() {
        return db;
    }
}
