package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.targetdb.SqlDialect;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An older version of a record never replaces a newer one: not when a page holds one id twice, in
 * either order, and not when an older copy arrives after the newer one was stored. Pages served
 * verbatim by {@link StubMahak} over real HTTP; H2 here, PostgreSQL and MariaDB in the subclasses.
 */
@QuarkusTest
@TestProfile(StubMahak.Profile.class)
class PullStaleCopiesTest extends PullScenario {

    @BeforeEach
    void clean() throws Exception {
        StubMahak.start();
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + d.quote("mahak_sync_state"));
            s.execute("DELETE FROM " + d.quote("mahak_bank"));
            s.execute("DELETE FROM " + d.quote("mahak_dead_letter"));
        }
    }

    @Test
    void aPageHoldingOneIdTwiceStoresItsNewestVersionWhateverTheOrder() throws Exception {
        StubMahak.nextGetAllData.set(banks(
                bank(1, "ملت", 4977, false), bank(1, "ملت قدیم", 4976, false),   // newer first (MariaDB kept the older)
                bank(2, "سپه قدیم", 4978, false), bank(2, "سپه", 4979, false),   // older first
                bank(3, "تجارت", 4980, false), bank(3, "تجارت", 4975, true)));  // an older delete after the live copy

        pull(List.of("banks"));

        assertThat(rows()).containsExactly("1:4977:ملت:false", "2:4979:سپه:false", "3:4980:تجارت:false");
        SyncState state = cursors.state("banks").orElseThrow();
        assertThat(state.rowVersion()).isEqualTo(4980);
        assertThat(state.lastError()).isNull();
    }

    @Test
    void anOlderCopyArrivingAfterTheNewerOneLeavesTheStoredRow() throws Exception {
        StubMahak.nextGetAllData.set(banks(bank(7, "ملی", 500, false)));
        pull(List.of("banks"));

        // A full re-sync (cursor reset) meets a copy older than the stored row, and one that is newer
        cursors.reset("banks");
        StubMahak.nextGetAllData.set(banks(bank(7, "ملی قدیم", 400, true), bank(8, "صادرات", 450, false)));
        pull(List.of("banks"));

        assertThat(rows()).containsExactly("7:500:ملی:false", "8:450:صادرات:false");
        assertThat(cursors.state("banks").orElseThrow().lastError()).isNull();
    }

    private static String bank(int id, String name, long rowVersion, boolean deleted) {
        return "{\"BankId\":" + id + ",\"Name\":\"" + name + "\",\"RowVersion\":" + rowVersion + ",\"Deleted\":" + deleted + "}";
    }

    private static String banks(String... records) {
        return "{\"Result\":true,\"Code\":0,\"Message\":null,\"Data\":{\"Objects\":{\"Banks\":[" + String.join(",", records)
                + "]}}}";
    }

    /** id:rowVersion:name:deleted of every stored bank, by id. */
    private List<String> rows() throws Exception {
        SqlDialect d = target.dialect();
        List<String> rows = new ArrayList<>();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + d.quote("bank_id") + ", " + d.quote("row_version") + ", "
                        + d.quote("name") + ", " + d.quote("deleted") + " FROM " + d.quote("mahak_bank") + " ORDER BY "
                        + d.quote("bank_id"))) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + ":" + rs.getLong(2) + ":" + rs.getString(3) + ":" + rs.getBoolean(4));
            }
        }
        return rows;
    }
}
