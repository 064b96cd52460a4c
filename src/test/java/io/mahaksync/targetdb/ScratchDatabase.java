package io.mahaksync.targetdb;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.testsupport.MariaDbTarget;
import io.mahaksync.testsupport.PostgresTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * An empty target of its own beside the test database, so that a test can start from nothing
 * without disturbing the tables other tests share: a PostgreSQL schema in the test database, a
 * MariaDB database named after the test database, an H2 file.
 */
record ScratchDatabase(String url, String username) {

    static ScratchDatabase h2(Path dir) {
        return new ScratchDatabase("jdbc:h2:file:" + dir.resolve("target").toAbsolutePath(), "sa");
    }

    static ScratchDatabase postgres(String schema) throws SQLException {
        String user = System.getProperty("mahak.test.postgresql-user", "postgres");
        try (Connection c = DriverManager.getConnection(PostgresTarget.url(), user, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = PostgresTarget.url();
        return new ScratchDatabase(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user);
    }

    static ScratchDatabase mariadb(String suffix) throws SQLException {
        String url = MariaDbTarget.url();
        int slash = url.indexOf('/', "jdbc:mariadb://".length());
        int end = url.indexOf('?', slash) < 0 ? url.length() : url.indexOf('?', slash);
        String database = url.substring(slash + 1, end) + "_" + suffix;
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        return new ScratchDatabase(url.substring(0, slash + 1) + database + url.substring(end), "root");
    }

    SqlDialect dialect() {
        return SqlDialect.fromJdbcUrl(url);
    }

    /** A plain connection, as an ERP or an operator would open one (H2 with the product's lower-case names). */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(dialect() == SqlDialect.H2 ? TargetDatabase.withH2Defaults(url) : url,
                username, "");
    }

    /** The target as the product opens it at start-up: pool, then migration. */
    TargetDatabase open() {
        TargetDatabase db = new TargetDatabase(url, Optional.of(username), Optional.empty(), 4, java.time.Duration.ofMinutes(1),
                new SchemaMigrator(new EntityCatalog()));
        db.dataSource();
        return db;
    }

    long count(String tableAndCondition) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + tableAndCondition)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
