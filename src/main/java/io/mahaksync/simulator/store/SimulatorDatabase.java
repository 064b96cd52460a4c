package io.mahaksync.simulator.store;

import io.mahaksync.simulator.SimulatorConfig;
import jakarta.inject.Singleton;
import java.sql.Connection;
import org.h2.jdbcx.JdbcConnectionPool;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The simulator's own embedded H2 database (by default in memory; a file in the demo, so that a restarted
 * demo goes on with the same Mahak data), reached with plain JDBC. It is never the
 * product's target database: the simulator stands for Mahak's server, which the product only sees over HTTP.
 */
@Singleton
public class SimulatorDatabase {

    /**
     * Connections are pooled: a SaveAllData request runs several lookups per record, each on its own connection,
     * and opening an H2 session per lookup was a fifth of the simulator's CPU during the push benchmark.
     * Closing a pooled connection hands it back (rolled back, auto-commit on).
     */
    private static final org.h2.Driver DRIVER = new org.h2.Driver();
    private static final int MAX_IDLE_READERS = 4;

    private final java.util.Queue<Connection> readers = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final JdbcConnectionPool pool;
    private final String jdbcUrl;
    private final boolean persistent;

    public SimulatorDatabase(SimulatorConfig config) {
        this.pool = JdbcConnectionPool.create(config.jdbcUrl(), "sa", "");
        this.jdbcUrl = config.jdbcUrl();
        String url = config.jdbcUrl().toLowerCase(java.util.Locale.ROOT);
        // mem: and memFS: stores live as long as the JVM (tests restart Quarkus in one JVM and expect a fresh seed)
        this.persistent = !url.startsWith("jdbc:h2:mem:") && !url.startsWith("jdbc:h2:memfs:");
        pool.setMaxConnections(32);
    }

    public Connection connect() throws SQLException {
        return pool.getConnection();
    }

    /**
     * A plain session for a long read, kept for the next one ({@link #release}): every getter of a pooled
     * connection's result set goes through the pool's synchronized closed check, which was a sixth of a GetAllData
     * page, and a session opened per page parsed its query again each time.
     */
    public Connection connectReader() throws SQLException {
        Connection idle = readers.poll();
        if (idle != null && !idle.isClosed()) {
            return idle;
        }
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", "sa");
        login.setProperty("password", "");
        return DRIVER.connect(jdbcUrl, login);
    }

    /** Hands back a session from {@link #connectReader}, closing it when enough are kept. */
    public void release(Connection reader) {
        try {
            if (reader.isClosed()) {
                return;
            }
            if (!reader.getAutoCommit()) {
                reader.rollback();
                reader.setAutoCommit(true);
            }
            if (readers.size() < MAX_IDLE_READERS) {
                readers.offer(reader);
            } else {
                reader.close();
            }
        } catch (SQLException e) {
            try {
                reader.close();
            } catch (SQLException ignored) {
                // it is dropped either way
            }
        }
    }

    /** Whether the store outlives the process (a file), so that its data is resumed instead of seeded again. */
    public boolean persistent() {
        return persistent;
    }

    /** Drops and recreates the one generic table: all entities share it, told apart by {@code entity}. */
    public void recreateSchema() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS sim_record");
            s.execute("DROP TABLE IF EXISTS sim_snapshot");
            s.execute("CREATE TABLE sim_record ("
                    + " entity VARCHAR(64) NOT NULL,"
                    + " id INT NOT NULL,"
                    + " client_id BIGINT,"
                    + " code INT,"
                    + " row_version BIGINT NOT NULL,"
                    + " deleted BOOLEAN NOT NULL,"
                    + " origin TINYINT NOT NULL,"
                    + " payload VARCHAR(1000000),"
                    + " PRIMARY KEY (entity, id))");
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot create the simulator's store", e);
        }
    }

    /**
     * The row version index GetAllData reads by; built after a bulk seed, which is much faster than maintaining it
     * row by row. Lookups by client id and code are answered from memory ({@link RecordStore}), so the indexes
     * an older file store has for them are dropped: every insert and commit paid for them.
     */
    public void createIndexes() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS sim_record_row_version ON sim_record (entity, row_version)");
            s.execute("DROP INDEX IF EXISTS sim_record_client_id");
            s.execute("DROP INDEX IF EXISTS sim_record_code");
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot index the simulator's store", e);
        }
    }
}
