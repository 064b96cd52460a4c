package io.mahaksync.targetdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.testsupport.MariaDbTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's multi-row upserts write wall-clock times as text they make themselves: the same text the driver makes
 * of a LocalDateTime, and the same value stored.
 */
class MultiRowUpsertTimesTest {

    private static final DateTimeFormatter DRIVER_FRACTION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter DRIVER_WHOLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static List<LocalDateTime> times(int count) {
        Random random = new Random(7);
        List<LocalDateTime> times = new ArrayList<>(List.of(LocalDateTime.of(1, 1, 1, 0, 0),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999), LocalDateTime.of(2024, 2, 29, 12, 0, 0, 1),
                LocalDateTime.of(2024, 3, 1, 10, 20, 30, 120_000_000)));
        while (times.size() < count) {
            times.add(LocalDateTime.of(1 + random.nextInt(9999), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    random.nextBoolean() ? 0 : random.nextInt(1_000_000_000)));
        }
        return times;
    }

    @Test
    void theTextIsWhatMariaDbsDriverWritesForALocalDateTime() {
        for (LocalDateTime t : times(20_000)) {
            assertThat(MultiRowUpsert.literal(t)).as(t.toString())
                    .isEqualTo(t.format(t.getNano() != 0 ? DRIVER_FRACTION : DRIVER_WHOLE));
        }
    }

    @Test
    void mariaDbStoresTheSameValueAsFromTheDriversOwnBinding() throws Exception {
        List<LocalDateTime> times = times(500);
        try (Connection c = DriverManager.getConnection(MariaDbTarget.url(), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE upsert_times (id INT PRIMARY KEY, as_text DATETIME(6), bound DATETIME(6),"
                    + " as_text_ms DATETIME(3), bound_ms DATETIME(3))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO upsert_times VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < times.size(); i++) {
                    ps.setInt(1, i);
                    ps.setString(2, MultiRowUpsert.literal(times.get(i)));
                    ps.setObject(3, times.get(i));
                    ps.setString(4, MultiRowUpsert.literal(times.get(i)));
                    ps.setObject(5, times.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(as_text <=> bound), SUM(as_text_ms <=> bound_ms),"
                    + " SUM(as_text IS NULL) FROM upsert_times")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(times.size());
                assertThat(rs.getInt(2)).as("equal DATETIME(6) values").isEqualTo(times.size());
                assertThat(rs.getInt(3)).as("equal DATETIME(3) values").isEqualTo(times.size());
                assertThat(rs.getInt(4)).as("nulls").isZero();
            }
        }
    }
}
