package io.mahaksync.targetdb;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import io.mahaksync.catalog.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of an entity's target table, derived from the catalog: the catalog's typed columns
 * (the server id as primary key), plus {@code row_version}, {@code deleted}, {@code extra} (fields
 * the catalog does not know, as JSON) and {@code synced_at}, whether or not the model lists them.
 */
public final class EntityTables {

    public static final String ROW_VERSION_COLUMN = "row_version";
    public static final String DELETED_COLUMN = "deleted";
    public static final String SYNCED_AT_COLUMN = "synced_at";

    private EntityTables() {
    }

    /** Column name to SQL type, in table order. */
    public static Map<String, String> columns(EntityDef entity, SqlDialect d) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (FieldDef f : entity.fields()) {
            columns.put(f.column(), d.columnType(f.type()));
        }
        columns.putIfAbsent(ROW_VERSION_COLUMN, d.columnType(FieldType.INT64));
        columns.putIfAbsent(DELETED_COLUMN, d.columnType(FieldType.BOOLEAN));
        columns.put(SqlDialect.EXTRA_COLUMN, d.jsonType());
        columns.put(SYNCED_AT_COLUMN, d.timestampType());
        return columns;
    }

    public static String createTable(EntityDef entity, SqlDialect d) {
        String key = entity.idFieldDef().column();
        List<String> defs = new ArrayList<>();
        columns(entity, d).forEach((column, type) -> defs.add(d.quote(column) + " " + type
                + (column.equals(key) ? " NOT NULL PRIMARY KEY" : " NULL")));
        return "CREATE TABLE IF NOT EXISTS " + d.quote(entity.table()) + " (" + String.join(", ", defs) + ")"
                + d.tableOptions();
    }

    public static String addColumn(EntityDef entity, String column, String type, SqlDialect d) {
        return "ALTER TABLE " + d.quote(entity.table()) + " ADD COLUMN IF NOT EXISTS " + d.quote(column) + " " + type + " NULL";
    }

    /** Gives columns a new type in one statement (MariaDB syntax: one table rebuild for all of them). */
    public static String modifyColumns(EntityDef entity, List<String> columns, String type, SqlDialect d) {
        return "ALTER TABLE " + d.quote(entity.table()) + " " + String.join(", ",
                columns.stream().map(c -> "MODIFY COLUMN " + d.quote(c) + " " + type + " NULL").toList());
    }
}
