package io.mahaksync.feed;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import io.mahaksync.catalog.FieldType;
import io.mahaksync.targetdb.EntityTables;
import io.mahaksync.targetdb.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads one entity's committed changes from its mirror table in row-version order, each row turned back
 * into a record under its contract names ({@code personId}, {@code firstName}, {@code rowVersion},
 * {@code deleted}) through the catalog.
 * <p>
 * Reading {@code row_version > cursor} is safe only because every row the pull commits for an entity has a
 * higher row version than every row it committed before: one puller (the leader) asks each page from the
 * entity's cursor, stores only records above it, and commits the page's rows with the cursor atomically; the
 * next page starts at that cursor. So no row can appear later below a version a subscriber has already
 * passed. (What can still land below it: a verify repair or a re-sync, which rewrite rows with Mahak's
 * row versions — see the README, "Change feed".)
 */
final class ChangeReader {

    /** One batch: the records in row-version order and the versions they span. */
    record Batch(List<Map<String, Object>> records, long fromRowVersion, long toRowVersion) {
    }

    private final EntityDef entity;
    private final SqlDialect d;
    private final List<FieldDef> fields;
    private final String select;
    private final String bounds;

    ChangeReader(EntityDef entity, SqlDialect dialect) {
        this.entity = entity;
        this.d = dialect;
        List<FieldDef> all = new ArrayList<>(entity.fields());
        // every mirror row has row_version and deleted, listed in the model or not
        if (all.stream().noneMatch(f -> f.column().equals(EntityTables.ROW_VERSION_COLUMN))) {
            all.add(new FieldDef(EntityDef.ROW_VERSION, FieldType.INT64, EntityTables.ROW_VERSION_COLUMN, true));
        }
        if (all.stream().noneMatch(f -> f.column().equals(EntityTables.DELETED_COLUMN))) {
            all.add(new FieldDef(EntityDef.DELETED, FieldType.BOOLEAN, EntityTables.DELETED_COLUMN, true));
        }
        this.fields = List.copyOf(all);
        String rv = d.quote(EntityTables.ROW_VERSION_COLUMN);
        String table = d.quote(entity.table());
        this.bounds = "SELECT " + rv + " FROM " + table + " WHERE " + rv + " > ? ORDER BY " + rv + " LIMIT ?";
        this.select = "SELECT " + fields.stream().map(f -> d.quote(f.column())).collect(Collectors.joining(", "))
                + " FROM " + table + " WHERE " + rv + " > ? AND " + rv + " <= ? ORDER BY " + rv + ", "
                + d.quote(entity.idFieldDef().column());
    }

    /** An index on row_version, so that a poll reads only what is new: created once, idempotent. */
    void ensureIndex(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS " + d.quote(indexName()) + " ON " + d.quote(entity.table()) + " ("
                    + d.quote(EntityTables.ROW_VERSION_COLUMN) + ")");
        }
    }

    String indexName() {
        String name = entity.table() + "_row_version";
        return name.length() <= 60 ? name : name.substring(0, 60);
    }

    /** The newest row version stored, 0 when the table is empty: where a subscriber that starts "now" begins. */
    long newest(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX("
                + d.quote(EntityTables.ROW_VERSION_COLUMN) + ") FROM " + d.quote(entity.table()))) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * The changes above {@code cursor}: about {@code batchSize} rows, never splitting rows of one row version
     * between two batches (a cursor past a version must mean every row of it was delivered). Empty when
     * nothing is newer.
     */
    Batch next(Connection c, long cursor, int batchSize) throws SQLException {
        long upTo = -1;
        try (PreparedStatement ps = c.prepareStatement(bounds)) {
            ps.setLong(1, cursor);
            ps.setInt(2, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    upTo = rs.getLong(1);
                }
            }
        }
        if (upTo < 0) {
            return new Batch(List.of(), cursor, cursor);
        }
        List<Map<String, Object>> records = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setLong(1, cursor);
            ps.setLong(2, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(record(rs));
                }
            }
        }
        long from = ((Number) records.get(0).get(EntityDef.ROW_VERSION)).longValue();
        return new Batch(records, from, upTo);
    }

    /** One row as the record Mahak sent: contract names, JSON-friendly values (timestamps as ISO text). */
    private Map<String, Object> record(ResultSet rs) throws SQLException {
        Map<String, Object> record = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldDef f = fields.get(i);
            int col = i + 1;
            Object value = switch (f.type()) {
                case INT32 -> rs.getInt(col);
                case INT64 -> rs.getLong(col);
                case DOUBLE -> rs.getDouble(col);
                case BOOLEAN -> rs.getBoolean(col);
                case STRING -> rs.getString(col);
                case TIMESTAMP -> {
                    Timestamp t = rs.getTimestamp(col);
                    yield t == null ? null : t.toLocalDateTime().toString();
                }
            };
            record.put(f.name(), rs.wasNull() ? null : value);
        }
        return record;
    }
}
