package io.mahaksync.targetdb;

import io.mahaksync.catalog.FieldType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What differs between the target databases: identifier quoting, column types and the native
 * upsert statement. Identifiers only ever come from the catalog or from code, never from input.
 */
public enum SqlDialect {

    H2("\"", "\"") {
        @Override
        public String upsert(String table, String keyColumn, List<String> columns) {
            // MERGE … KEY cannot be guarded; MERGE … USING a one-row VALUES can, and batches the same way.
            String t = quote(table);
            String in = quote("incoming");
            return "MERGE INTO " + t + " USING (VALUES (" + placeholders(columns) + ")) AS " + in + " (" + list(columns)
                    + ") ON " + t + "." + quote(keyColumn) + " = " + in + "." + quote(keyColumn)
                    + (columns.contains(ROW_VERSION) ? " WHEN MATCHED AND (" + notOlder(t + "." + quote(ROW_VERSION),
                            in + "." + quote(ROW_VERSION)) + ")" : " WHEN MATCHED")
                    + " THEN UPDATE SET " + columns.stream().filter(c -> !c.equals(keyColumn))
                            .map(c -> quote(c) + " = " + in + "." + quote(c)).collect(Collectors.joining(", "))
                    + " WHEN NOT MATCHED THEN INSERT (" + list(columns) + ") VALUES ("
                    + columns.stream().map(c -> in + "." + quote(c)).collect(Collectors.joining(", ")) + ")";
        }
    },
    POSTGRESQL("\"", "\"") {
        @Override
        public String upsert(String table, String keyColumn, List<String> columns) {
            return "INSERT INTO " + quote(table) + " (" + list(columns) + ") VALUES (" + placeholders(columns) + ")"
                    + onConflict(table, keyColumn, columns);
        }

        @Override
        public String upsertFrom(String table, String source, String keyColumn, List<String> columns) {
            return "INSERT INTO " + quote(table) + " (" + list(columns) + ") SELECT " + list(columns) + " FROM "
                    + source + onConflict(table, keyColumn, columns);
        }

        private String onConflict(String table, String keyColumn, List<String> columns) {
            return " ON CONFLICT (" + quote(keyColumn) + ") DO UPDATE SET "
                    + columns.stream().filter(c -> !c.equals(keyColumn))
                            .map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "))
                    + (columns.contains(ROW_VERSION) ? " WHERE " + notOlder(quote(table) + "." + quote(ROW_VERSION),
                            "EXCLUDED." + quote(ROW_VERSION)) : "");
        }
    },
    MARIADB("`", "`") {
        @Override
        public String upsert(String table, String keyColumn, List<String> columns) {
            return upsertRows(table, keyColumn, columns, 1);
        }

        @Override
        public String upsertRows(String table, String keyColumn, List<String> columns, int rows) {
            String rv = quote(ROW_VERSION);
            String guard = notOlder(rv, "VALUES(" + rv + ")");
            String row = "(" + placeholders(columns) + ")";
            // Assignments run left to right and later ones see earlier results: row_version goes last so
            // that every column's guard still compares with the stored row version.
            return "INSERT INTO " + quote(table) + " (" + list(columns) + ") VALUES "
                    + String.join(", ", java.util.Collections.nCopies(rows, row))
                    + " ON DUPLICATE KEY UPDATE "
                    + java.util.stream.Stream.concat(
                            columns.stream().filter(c -> !c.equals(keyColumn) && !c.equals(ROW_VERSION)),
                            columns.stream().filter(c -> c.equals(ROW_VERSION) && !c.equals(keyColumn)))
                            .map(c -> columns.contains(ROW_VERSION)
                                    ? quote(c) + " = IF(" + guard + ", VALUES(" + quote(c) + "), " + quote(c) + ")"
                                    : quote(c) + " = VALUES(" + quote(c) + ")")
                            .collect(Collectors.joining(", "));
        }
    };

    /** The row version column the upsert guards on (see {@link EntityTables#ROW_VERSION_COLUMN}). */
    private static final String ROW_VERSION = EntityTables.ROW_VERSION_COLUMN;

    /** True when the incoming row is not older than the stored one (either without a row version counts as not older). */
    static String notOlder(String stored, String incoming) {
        return stored + " IS NULL OR " + incoming + " IS NULL OR " + stored + " <= " + incoming;
    }

    /** The column holding fields the catalog does not know, as a JSON object. */
    public static final String EXTRA_COLUMN = "extra";

    private final String open;
    private final String close;

    SqlDialect(String open, String close) {
        this.open = open;
        this.close = close;
    }

    /** The dialect of a JDBC URL, or an error that names the supported ones. */
    public static SqlDialect fromJdbcUrl(String url) {
        String u = url.toLowerCase();
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("mahak.target.jdbc-url must start with jdbc:h2:, jdbc:postgresql: or "
                + "jdbc:mariadb:, got '" + url.replaceAll("(?i)password=[^;&]*", "password=***") + "'");
    }

    /**
     * A native single-statement insert-or-update keyed on {@code keyColumn}, for JDBC batches. When the
     * columns include {@code row_version}, a stored row is only replaced by one whose row version is the
     * same or higher: an older copy of a record never overwrites a newer one.
     */
    public abstract String upsert(String table, String keyColumn, List<String> columns);

    /**
     * The same guarded upsert of {@code rows} rows in one statement (one group of placeholders per row, one row per
     * key); MariaDB only, for {@link MultiRowUpsert}.
     */
    public String upsertRows(String table, String keyColumn, List<String> columns, int rows) {
        throw new UnsupportedOperationException(this + " has no multi-row upsert");
    }

    /**
     * The same guarded upsert for every row of {@code source} (an already quoted table with the same columns,
     * one row per key); PostgreSQL only, for {@link CopyUpsert}.
     */
    public String upsertFrom(String table, String source, String keyColumn, List<String> columns) {
        throw new UnsupportedOperationException(this + " has no upsert from a staging table");
    }

    public String quote(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a safe SQL identifier: " + identifier);
        }
        return open + identifier + close;
    }

    public String columnType(FieldType type) {
        return switch (type) {
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case DOUBLE -> this == MARIADB ? "DOUBLE" : "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            // MariaDB TEXT holds 64 KB; Mahak's free text (descriptions, notes, addresses) can be longer.
            case STRING -> switch (this) {
                case H2 -> "VARCHAR";
                case POSTGRESQL -> "TEXT";
                case MARIADB -> "LONGTEXT";
            };
            case TIMESTAMP -> this == MARIADB ? "DATETIME(3)" : "TIMESTAMP";
        };
    }

    /** A text column for long payloads and error reports. */
    public String textType() {
        return switch (this) {
            case H2 -> "CHARACTER LARGE OBJECT";
            case POSTGRESQL -> "TEXT";
            case MARIADB -> "LONGTEXT";
        };
    }

    /** Whether text columns can hold U+0000: PostgreSQL's text and JSONB types cannot. */
    public boolean storesNul() {
        return this != POSTGRESQL;
    }

    /** A JSON document column. */
    public String jsonType() {
        return switch (this) {
            case H2 -> "CHARACTER LARGE OBJECT";
            case POSTGRESQL -> "JSONB";
            case MARIADB -> "LONGTEXT";
        };
    }

    /** The bind placeholder for a JSON column: PostgreSQL needs a cast from text. */
    public String jsonPlaceholder() {
        return this == POSTGRESQL ? "CAST(? AS JSONB)" : "?";
    }

    public String timestampType() {
        return this == MARIADB ? "DATETIME(3)" : "TIMESTAMP";
    }

    /** A generated BIGINT key column definition. */
    public String identityColumn() {
        return this == MARIADB ? "BIGINT AUTO_INCREMENT PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    }

    /** What follows CREATE TABLE (...): MariaDB needs utf8mb4 for Persian text and InnoDB for transactions. */
    public String tableOptions() {
        return this == MARIADB ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci" : "";
    }

    String list(List<String> columns) {
        return columns.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    String placeholders(List<String> columns) {
        return columns.stream().map(c -> c.equals(EXTRA_COLUMN) ? jsonPlaceholder() : "?")
                .collect(Collectors.joining(", "));
    }
}
