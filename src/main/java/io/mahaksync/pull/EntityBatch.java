package io.mahaksync.pull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.EntityTables;
import io.mahaksync.targetdb.SqlDialect;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one entity's records of one page into its table as JDBC batches of native upserts (or
 * deletes, in hard delete mode), on the page's connection. Records the cursor already covers are
 * skipped, so an inclusive {@code from…Version} never stores or counts a record twice.
 */
final class EntityBatch implements AutoCloseable {

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
    private PreparedStatement delete;
    private final Timestamp syncedAt = Timestamp.from(Instant.now());
    private int pending;
    private final List<Object> pendingIds = new ArrayList<>();

    long newer;
    long upserted;
    long deleted;
    long skipped;
    long redelivered;
    long maxRowVersion;
    long records;

    EntityBatch(EntityDef entity, long cursorAtRequest, boolean hardDelete, int batchSize, Connection connection,
            SqlDialect dialect, DeadLetterStore deadLetters) throws SQLException {
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
        this.mapper = new RowMapper(entity, positions);
        this.sqlTypes = sqlTypes(entity, columns);
        this.extraAt = columns.indexOf(SqlDialect.EXTRA_COLUMN);
        this.syncedAtAt = columns.indexOf(EntityTables.SYNCED_AT_COLUMN);
        String key = entity.idFieldDef().column();
        this.upsert = connection.prepareStatement(dialect.upsert(entity.table(), key, columns));
        if (hardDelete) {
            this.delete = connection.prepareStatement("DELETE FROM " + dialect.quote(entity.table()) + " WHERE "
                    + dialect.quote(key) + " = ?");
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
        if (row.deleted()) {
            deleted++;
            if (hardDelete) {
                delete.setObject(1, row.id());
                delete.addBatch();
                pending++;
                pendingIds.add(row.id());
                flushIfFull();
                return;
            }
        }
        bind(row);
        upsert.addBatch();
        upserted++;
        pending++;
        pendingIds.add(row.id());
        flushIfFull();
    }

    private void bind(RowMapper.Row row) throws SQLException {
        Object[] values = row.values();
        values[extraAt] = row.extra() == null ? null : row.extra().toString();
        values[syncedAtAt] = syncedAt;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                upsert.setNull(i + 1, sqlTypes[i]);
            } else if (v instanceof LocalDateTime t) {
                upsert.setTimestamp(i + 1, Timestamp.valueOf(t));
            } else {
                upsert.setObject(i + 1, v, sqlTypes[i]);
            }
        }
    }

    private void flushIfFull() throws SQLException {
        if (pending >= batchSize) {
            flush();
        }
    }

    /**
     * Sends what is batched. A refusal names the entity, the server ids and the database's reason,
     * never the values: the driver's own message carries the statement with every row of the batch.
     */
    void flush() throws SQLException {
        if (pending == 0) {
            return;
        }
        try {
            upsert.executeBatch();
            if (delete != null) {
                delete.executeBatch();
            }
        } catch (SQLException e) {
            throw DatabaseReason.withoutValues(entity.name() + ": the database refused a batch of " + pending
                    + " record(s) (" + refusedIds(e) + ")", e);
        }
        pending = 0;
        pendingIds.clear();
    }

    /** The server id the database refused when its driver says which (H2 does), else those of the whole batch. */
    private String refusedIds(SQLException e) {
        if (e instanceof BatchUpdateException b && b.getUpdateCounts().length == pendingIds.size()) {
            List<Object> failed = new ArrayList<>();
            int[] counts = b.getUpdateCounts();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == java.sql.Statement.EXECUTE_FAILED) {
                    failed.add(pendingIds.get(i));
                }
            }
            if (!failed.isEmpty() && failed.size() < counts.length) {
                return "refused: server id " + ids(failed);
            }
        }
        return "server ids " + ids(pendingIds);
    }

    private static String ids(List<Object> ids) {
        return ids.size() <= 10 ? ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                : ids.get(0) + ", " + ids.get(1) + ", … " + ids.get(ids.size() - 1) + " (" + ids.size() + " ids)";
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
        if (delete != null) {
            delete.close();
        }
    }
}
