package io.mahaksync.simulator.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Small facts about the simulated Mahak database kept next to its records ({@code sim_meta}): the seed
 * plan it was generated from and its identity, so that a simulator whose store is a file resumes where it
 * stopped and a re-seeded one answers Login as a different database.
 */
@Singleton
public class SimulatorMeta {

    public static final String SEED = "seed";
    public static final String RECORDS = "records";
    public static final String SYNC_ID = "sync-id";
    public static final String SNAPSHOT_ROW_VERSION = "snapshot-row-version";

    private final SimulatorDatabase database;

    public SimulatorMeta(SimulatorDatabase database) {
        this.database = database;
    }

    public Optional<String> get(String key) {
        try (Connection c = database.connect()) {
            ensureTable(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM sim_meta WHERE k = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot read the simulator's " + key, e);
        }
    }

    public long getLong(String key, long otherwise) {
        return get(key).map(Long::parseLong).orElse(otherwise);
    }

    public void put(String key, Object value) {
        try (Connection c = database.connect()) {
            ensureTable(c);
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO sim_meta (k, v) KEY (k) VALUES (?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, String.valueOf(value));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot store the simulator's " + key, e);
        }
    }

    private static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sim_meta (k VARCHAR(64) PRIMARY KEY, v VARCHAR(255))");
        }
    }
}
