package io.mahaksync.pull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.targetdb.BulkUpsert;
import io.mahaksync.targetdb.DatabaseRefusal;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.EntityTables;
import io.mahaksync.targetdb.JdbcValues;
import io.mahaksync.targetdb.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes one entity's records of one page into its table as JDBC batches of native upserts (or
 * deletes, in hard delete mode), on the page's connection. Records the cursor already covers are
 * skipped, so an inclusive {@code from…Version} never stores or counts a record twice. One id twice
 * in a batch is stored once, in its newest version; the upsert itself never lets an older version
 * replace a newer one. When the database refuses a batch, its records are stored one by one and
 * those it refuses alone go to the dead-letter store with its reason, so one bad record never
 * blocks its entity.
 */
final class EntityBatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EntityBatch.class);

    private final EntityDef entity;
    private final long cursorAtRequest;
    private final boolean hardDelete;
    private final int batchSize;
    private final Connection connection;
    private final DeadLetterStore deadLetters;
    private final RowMapper mapper;
    private final List<String> columns;
    private final int[] sqlTypes;
    private final int extraAt;
    private final int syncedAtAt;
    private final PreparedStatement upsert;
    /** The target's bulk path, for batches of at least {@link #bulkMinRows} upserts; made on first use. */
    private BulkUpsert bulk;
    private final int bulkMinRows;
    private final SqlDialect dialect;
    private final String key;
    private PreparedStatement delete;
    // The JVM's wall-clock time, as a java.sql.Timestamp would be stored in these zone-less columns; bound as a
    // LocalDateTime because MariaDB's driver formats each Timestamp with a new SimpleDateFormat (a fifth of a
    // MariaDB pull's route thread) and PostgreSQL's through a Calendar.
    private final LocalDateTime syncedAt = LocalDateTime.now();
    /** The records of the batch being filled, by server id: a later version of an id replaces an older one. */
    private final Map<Object, Pending> pending = new LinkedHashMap<>();

    long newer;
    long upserted;
    long deleted;
    long skipped;
    long redelivered;
    long maxRowVersion;
    long records;
    long escaped;
    long deadLettered;

    /** A mapped record waiting for its batch, with the record as it came (the payload of a dead letter). */
    private record Pending(RowMapper.Row row, ObjectNode record) {
        boolean removes(boolean hardDelete) {
            return hardDelete && row.deleted();
        }
    }

    /**
     * @param bulkMinRows upserts a batch needs to take the target's bulk path ({@link BulkUpsert}); 0: never
     */
    EntityBatch(EntityDef entity, long cursorAtRequest, boolean hardDelete, int batchSize, int bulkMinRows,
            Connection connection, SqlDialect dialect, DeadLetterStore deadLetters) throws SQLException {
        this.entity = entity;
        this.cursorAtRequest = cursorAtRequest;
        this.maxRowVersion = cursorAtRequest;
        this.hardDelete = hardDelete;
        this.batchSize = batchSize;
        this.connection = connection;
        this.deadLetters = deadLetters;
        this.columns = new ArrayList<>(EntityTables.columns(entity, dialect).keySet());
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i), i);
        }
        this.mapper = new RowMapper(entity, positions, dialect.storesNul());
        this.sqlTypes = sqlTypes(entity, columns);
        this.extraAt = columns.indexOf(SqlDialect.EXTRA_COLUMN);
        this.syncedAtAt = columns.indexOf(EntityTables.SYNCED_AT_COLUMN);
        this.key = entity.idFieldDef().column();
        this.dialect = dialect;
        this.bulkMinRows = bulkMinRows;
        this.upsert = connection.prepareStatement(dialect.upsert(entity.table(), key, columns));
        if (hardDelete) {
            // Guarded like the upsert: a delete older than the stored row leaves it.
            String rv = dialect.quote(EntityTables.ROW_VERSION_COLUMN);
            this.delete = connection.prepareStatement("DELETE FROM " + dialect.quote(entity.table()) + " WHERE "
                    + dialect.quote(key) + " = ? AND (" + rv + " IS NULL OR " + rv + " <= ?)");
        }
    }

    void accept(ObjectNode record) throws SQLException {
        records++;
        RowMapper.Row row = mapper.map(record, columns.size());
        if (row.rowVersion() != null && row.rowVersion() <= cursorAtRequest) {
            skipped++; // stored by an earlier page: the server's from…Version is inclusive
            if (row.rowVersion() == cursorAtRequest) {
                redelivered++;
            }
            return;
        }
        if (row.id() == null) {
            deadLetters.record(connection, "pull", entity.name(), null, "Record without " + entity.idField()
                    + " cannot be stored: it has no server id", null, record.toString());
            skipped++;
            return;
        }
        if (row.rowVersion() != null) {
            newer++;
            maxRowVersion = Math.max(maxRowVersion, row.rowVersion());
        }
        Pending earlier = pending.get(row.id());
        if (earlier != null) {
            skipped++; // the same id twice in one batch: only its newest version is stored
            if (isOlder(row, earlier.row())) {
                return;
            }
        }
        pending.put(row.id(), new Pending(row, record));
        if (pending.size() >= batchSize) {
            flush();
        }
    }

    /** Older by row version; without a row version, the later record wins as it always did. */
    private static boolean isOlder(RowMapper.Row row, RowMapper.Row than) {
        return row.rowVersion() != null && than.rowVersion() != null && row.rowVersion() < than.rowVersion();
    }

    /** Sends what is batched: one JDBC batch, or, when the database refuses it, record by record. */
    void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        // A savepoint keeps the page's earlier batches when this one fails (PostgreSQL aborts the whole
        // transaction on an error otherwise, and MariaDB may have applied part of a bulk statement).
        Savepoint beforeBatch = connection.setSavepoint();
        try {
            List<Pending> upserts = new ArrayList<>(pending.size());
            int deletes = 0;
            for (Pending p : pending.values()) {
                if (p.removes(hardDelete)) {
                    bindDelete(p.row());
                    delete.addBatch();
                    deletes++;
                } else {
                    upserts.add(p);
                }
            }
            if (bulkMinRows > 0 && upserts.size() >= bulkMinRows) {
                bulkUpsert(upserts);
            } else if (!upserts.isEmpty()) {
                for (Pending p : upserts) {
                    bind(p.row());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            if (deletes > 0) {
                delete.executeBatch();
            }
            release(beforeBatch);
            for (Pending p : pending.values()) {
                stored(p);
            }
        } catch (SQLException e) {
            if (!DatabaseRefusal.concernsTheRecord(e)) {
                // the driver's message carries the statement with every row of the batch: never its values
                throw DatabaseReason.withoutValues(entity.name() + ": the database refused a batch of "
                        + pending.size() + " record(s)", e);
            }
            connection.rollback(beforeBatch);
            if (bulk != null) {
                bulk.discard();
            }
            upsert.clearBatch();
            if (delete != null) {
                delete.clearBatch();
            }
            LOG.warnf("The target database refused a batch of %d %s records (%s); storing them one by one so that "
                    + "only the refused ones are set aside", pending.size(), entity.name(), DatabaseReason.of(e));
            for (Pending p : pending.values()) {
                storeAlone(p);
            }
        } finally {
            pending.clear();
        }
    }

    /** One record in its own savepoint: stored, or, refused for its values, dead-lettered with the reason. */
    private void storeAlone(Pending p) throws SQLException {
        Savepoint beforeRecord = connection.setSavepoint();
        try {
            if (p.removes(hardDelete)) {
                bindDelete(p.row());
                delete.executeUpdate();
            } else {
                bind(p.row());
                upsert.executeUpdate();
            }
            release(beforeRecord);
            stored(p);
        } catch (SQLException e) {
            if (!DatabaseRefusal.concernsTheRecord(e)) {
                throw DatabaseReason.withoutValues(entity.name() + " record " + p.row().id(), e);
            }
            connection.rollback(beforeRecord);
            String reason = DatabaseReason.of(e);
            long id = deadLetters.record(connection, "pull", entity.name(), String.valueOf(p.row().id()),
                    "The target database refused this record: " + reason, null, p.record().toString());
            deadLettered++;
            LOG.warnf("The target database refused %s record %s (row version %s); it is kept in mahak_dead_letter "
                    + "id %d and the rest of the page is stored: %s", entity.name(), p.row().id(), p.row().rowVersion(),
                    id, reason);
        }
    }

    private void stored(Pending p) {
        if (p.row().deleted()) {
            deleted++;
        }
        if (!p.removes(hardDelete)) {
            upserted++;
        }
        if (!p.row().escaped().isEmpty()) {
            escaped++;
        }
    }

    /** The batch's upserts through the target's bulk path. */
    private void bulkUpsert(List<Pending> upserts) throws SQLException {
        if (bulk == null) {
            bulk = BulkUpsert.of(dialect, connection, entity.table(), key, columns, sqlTypes);
        }
        List<Object[]> rows = new ArrayList<>(upserts.size());
        for (Pending p : upserts) {
            rows.add(complete(p.row()));
        }
        bulk.upsert(rows);
    }

    /** The row's values with the columns the record does not carry: extra (as JSON text) and synced_at. */
    private Object[] complete(RowMapper.Row row) {
        Object[] values = row.values();
        values[extraAt] = row.extra() == null ? null : row.extra().toString();
        values[syncedAtAt] = syncedAt;
        return values;
    }

    private void bind(RowMapper.Row row) throws SQLException {
        Object[] values = complete(row);
        for (int i = 0; i < values.length; i++) {
            JdbcValues.bind(upsert, i + 1, values[i], sqlTypes[i]);
        }
    }

    private void bindDelete(RowMapper.Row row) throws SQLException {
        delete.setObject(1, row.id());
        delete.setLong(2, row.rowVersion() == null ? Long.MAX_VALUE : row.rowVersion());
    }

    private void release(Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException ignored) {
            // a driver without RELEASE keeps it until the commit; nothing depends on it
        }
    }

    private static int[] sqlTypes(EntityDef entity, List<String> columns) {
        Map<String, Integer> byColumn = new HashMap<>();
        for (FieldDef f : entity.fields()) {
            byColumn.put(f.column(), switch (f.type()) {
                case INT32 -> Types.INTEGER;
                case INT64 -> Types.BIGINT;
                case DOUBLE -> Types.DOUBLE;
                case BOOLEAN -> Types.BOOLEAN;
                case STRING -> Types.VARCHAR;
                case TIMESTAMP -> Types.TIMESTAMP;
            });
        }
        byColumn.putIfAbsent(EntityTables.ROW_VERSION_COLUMN, Types.BIGINT);
        byColumn.putIfAbsent(EntityTables.DELETED_COLUMN, Types.BOOLEAN);
        byColumn.put(SqlDialect.EXTRA_COLUMN, Types.VARCHAR);
        byColumn.put(EntityTables.SYNCED_AT_COLUMN, Types.TIMESTAMP);
        return columns.stream().mapToInt(byColumn::get).toArray();
    }

    @Override
    public void close() throws SQLException {
        upsert.close();
        if (bulk != null) {
            bulk.close();
        }
        if (delete != null) {
            delete.close();
        }
    }
}
