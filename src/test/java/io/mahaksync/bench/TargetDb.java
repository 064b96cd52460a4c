package io.mahaksync.bench;

import io.mahaksync.bench.SimulatorProcess.State;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.targetdb.SqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The target (PostgreSQL or MariaDB) as the bench and the suite see it over plain JDBC: a clean schema before a
 * first sync, the rows' states and the cursors afterwards.
 */
final class TargetDb {

    static final EntityCatalog CATALOG = new EntityCatalog();

    final String jdbcUrl;
    final String user;
    final SqlDialect dialect;

    TargetDb(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.dialect = SqlDialect.fromJdbcUrl(jdbcUrl);
    }

    /** An identifier quoted as the target's dialect quotes it. */
    String q(String identifier) {
        return dialect.quote(identifier);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, "");
    }

    /** Creates the database when missing (connecting to the server's "postgres" database for that). */
    void ensureDatabase() throws SQLException {
        if (dialect == SqlDialect.MARIADB) {
            String db = jdbcUrl.replaceAll("^jdbc:(mariadb|mysql)://[^/]+/([^?]+).*$", "$2");
            String server = jdbcUrl.replaceAll("^(jdbc:(mariadb|mysql)://[^/]+/)[^?]+(.*)$", "$1$3");
            try (Connection c = DriverManager.getConnection(server, user, ""); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE IF NOT EXISTS `" + db.replace("`", "") + "`");
            }
            return;
        }
        String db = jdbcUrl.replaceAll("^jdbc:postgresql://[^/]+/([^?]+).*$", "$1");
        String admin = jdbcUrl.replaceAll("^(jdbc:postgresql://[^/]+/)[^?]+(.*)$", "$1postgres$2");
        try (Connection c = DriverManager.getConnection(admin, user, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db.replace("'", "") + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + db.replace("\"", "") + "\"");
            }
        }
    }

    /** Drops every table of the target (it is the bench's own database), so the next sync is a first sync. */
    void wipe() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (dialect == SqlDialect.MARIADB) {
                String db = c.getCatalog();
                s.execute("DROP DATABASE `" + db + "`");
                s.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                return;
            }
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
    }

    static EntityDef entity(String name) {
        return CATALOG.get(name);
    }

    /** id -> row version and deleted of an entity's target table; empty when the table does not exist yet. */
    Map<Integer, State> states(String entityName) throws SQLException {
        EntityDef e = entity(entityName);
        Map<Integer, State> rows = new HashMap<>();
        try (Connection c = connect()) {
            if (!tableExists(c, e.table())) {
                return rows;
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + q(e.idFieldDef().column())
                    + ", row_version, deleted FROM " + q(e.table()))) {
                while (rs.next()) {
                    rows.put(rs.getInt(1), new State(rs.getLong(2), rs.getBoolean(3)));
                }
            }
        }
        return rows;
    }

    /** entity -> cursor (row version) from mahak_sync_state; empty before the first migration. */
    Map<String, Long> cursors() throws SQLException {
        Map<String, Long> cursors = new HashMap<>();
        try (Connection c = connect()) {
            if (!tableExists(c, "mahak_sync_state")) {
                return cursors;
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT entity, row_version FROM mahak_sync_state")) {
                while (rs.next()) {
                    cursors.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return cursors;
    }

    long count(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + q(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The row version of one row, or -1 when it is not there. */
    long rowVersion(Connection c, String entityName, int id) throws SQLException {
        EntityDef e = entity(entityName);
        try (PreparedStatement ps = c.prepareStatement("SELECT row_version FROM " + q(e.table()) + " WHERE "
                + q(e.idFieldDef().column()) + " = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        boolean mariadb = c.getMetaData().getURL().startsWith("jdbc:mariadb:");
        try (ResultSet rs = mariadb ? c.getMetaData().getTables(c.getCatalog(), null, table, null)
                : c.getMetaData().getTables(null, "public", table, null)) {
            return rs.next();
        }
    }
}
