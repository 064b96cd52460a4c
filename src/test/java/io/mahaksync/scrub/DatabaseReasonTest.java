package io.mahaksync.scrub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mahaksync.testsupport.MariaDbTarget;
import io.mahaksync.testsupport.PostgresTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database's reason, from the real errors of H2, PostgreSQL and MariaDB (their drivers with
 * default settings, the worst case): a batch refused for a check constraint, a value too long, a
 * duplicate key. The reason names the constraint or column; no value of the batch survives.
 */
class DatabaseReasonTest {

    static final List<String> VALUES = List.of("Shirin-7731", "09125557731", "Refused-Kamali", "09125557732",
            "A-name-far-too-long-for-the-column");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void aRefusedBatchGivesTheDatabasesReasonWithoutTheValues(String db) throws Exception {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS reason_probe");
            s.execute("CREATE TABLE reason_probe (person_id INT PRIMARY KEY, first_name VARCHAR(20), mobile VARCHAR(20),"
                    + " CONSTRAINT probe_refuses CHECK (first_name <> 'Refused-Kamali'))");
            s.execute("CREATE UNIQUE INDEX probe_mobile ON reason_probe (mobile)");
            try {
                assertReason(batch(c, "Refused-Kamali", "09125557732"), "probe_refuses");
                assertReason(batch(c, "A-name-far-too-long-for-the-column", "09125557732"), "22001");
                assertReason(batch(c, "Kamali", "09125557731"), "23");
            } finally {
                s.execute("DROP TABLE reason_probe");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void theCopyToThrowOnCarriesTheReasonAndKeepsAConnectionProblemRecoverable(String db) throws Exception {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS reason_probe");
            s.execute("CREATE TABLE reason_probe (person_id INT PRIMARY KEY, first_name VARCHAR(20), mobile VARCHAR(20),"
                    + " CONSTRAINT probe_refuses CHECK (first_name <> 'Refused-Kamali'))");
            try {
                SQLException refused = batch(c, "Refused-Kamali", "09125557732");
                SQLException copy = DatabaseReason.withoutValues("people: a batch of 2", refused);
                assertThat(copy.getMessage()).startsWith("people: a batch of 2: SQLState ").contains("probe_refuses");
                assertThat(copy.getCause()).isNull();
                assertThat(copy.getSQLState()).isNotNull();
                assertThat(DatabaseReason.of(copy)).isEqualTo(copy.getMessage());
                assertThat((Object) DatabaseReason.withoutValues(null, copy)).isSameAs(copy);
            } finally {
                s.execute("DROP TABLE reason_probe");
            }
        }
        SQLException lost = new SQLException("Batch entry 0 INSERT INTO t VALUES ('Shirin-7731') was aborted: "
                + "An I/O error occurred while sending to the backend.", "08006", 0, new java.io.EOFException());
        SQLException copy = DatabaseReason.withoutValues(null, lost);
        assertThat((Object) copy).isInstanceOf(SQLRecoverableException.class);
        assertThat(copy.getMessage()).isEqualTo("SQLState 08006: An I/O error occurred while sending to the backend.");
    }

    /** A two-row batch into the probe table whose second row is the given one; the error it ends with. */
    private static SQLException batch(Connection c, String name, String mobile) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM reason_probe");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reason_probe (person_id, first_name, mobile) VALUES (?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "Shirin-7731");
            ps.setString(3, "09125557731");
            ps.addBatch();
            ps.setInt(1, 2);
            ps.setString(2, name);
            ps.setString(3, mobile);
            ps.addBatch();
            ps.executeBatch();
        } catch (SQLException e) {
            return e;
        }
        return fail("the database took the batch");
    }

    private static void assertReason(SQLException e, String expected) {
        String reason = DatabaseReason.of(e);
        assertThat(reason).as("reason of %s", e.getMessage()).startsWith("SQLState ").contains(expected)
                .doesNotContain("\n", "\r", "INSERT INTO");
        for (String value : VALUES) {
            assertThat(reason).as("reason of %s", e.getMessage()).doesNotContain(value);
        }
    }

    private static Connection connect(String db) throws SQLException {
        return switch (db) {
            case "h2" -> DriverManager.getConnection("jdbc:h2:mem:reason;DATABASE_TO_LOWER=TRUE", "sa", "");
            case "postgresql" -> DriverManager.getConnection(PostgresTarget.url(),
                    System.getProperty("mahak.test.postgresql-user", "postgres"), "");
            default -> DriverManager.getConnection(MariaDbTarget.url(), "root", "");
        };
    }
}
