package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahaksync.targetdb.SqlDialect;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the pull reads what a Mahak server may send, whatever the simulator does: Result:false,
 * the guide's dialect, envelope fields after the data, fields the catalog does not know and
 * values of the wrong type. Served verbatim by {@link StubMahak} over real HTTP.
 */
@QuarkusTest
@TestProfile(StubMahak.Profile.class)
class PullReadingTest extends PullScenario {

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
    void resultFalseUnderHttp200StoresNothingAndSaysWhatMahakSaid() throws Exception {
        StubMahak.nextGetAllData.set("{\"Result\":false,\"Code\":3001,\"Message\":\"pageSize is too large\",\"Data\":null}");
        assertThatThrownBy(() -> pull(List.of("banks")))
                .hasStackTraceContaining("Result:false, Code 3001: pageSize is too large");
        assertThat(cursors.state("banks").orElseThrow().rowVersion()).isZero();
        assertThat(cursors.state("banks").orElseThrow().lastError()).contains("3001", "pageSize is too large");
    }

    @Test
    void resultFalseAfterTheRecordsRollsThemBack() throws Exception {
        StubMahak.nextGetAllData.set("{\"Data\":{\"Objects\":{\"Banks\":[{\"BankId\":1,\"Name\":\"ملت\",\"RowVersion\":5}]}},"
                + "\"Result\":false,\"Code\":9,\"Message\":\"late failure\"}");
        assertThatThrownBy(() -> pull(List.of("banks"))).hasStackTraceContaining("late failure");
        assertThat(targetStates("banks")).isEmpty();
        assertThat(cursors.state("banks").orElseThrow().rowVersion()).isZero();
    }

    @Test
    void theGuideDialectIsReadToo() throws Exception {
        StubMahak.nextGetAllData.set("{\"success\":true,\"code\":0,\"message\":null,\"data\":{\"banks\":"
                + "{\"rowVersion\":8,\"records\":[{\"bankId\":3,\"name\":\"سپه\",\"rowVersion\":8,\"deleted\":false}]}}}");
        pull(List.of("banks"));
        assertThat(targetStates("banks")).extracting(r -> r.id() + ":" + r.rowVersion()).containsExactly("3:8");
        assertThat(cursors.state("banks").orElseThrow().rowVersion()).isEqualTo(8);
    }

    @Test
    void unknownFieldsAndValuesOfTheWrongTypeAreKeptInExtraNotDropped() throws Exception {
        StubMahak.nextGetAllData.set("{\"Result\":true,\"Data\":{\"Objects\":{\"Banks\":[{\"BankId\":4,\"Name\":\"تجارت\","
                + "\"BankGroupId\":\"not-a-number\",\"SwiftCode\":\"BTEJIRTH\",\"RowVersion\":21,\"Deleted\":false}]}}}");
        pull(List.of("banks"));
        var d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + d.quote("name") + ", " + d.quote("bank_group_id") + ", " + d.quote("extra") + " FROM "
                + d.quote("mahak_bank") + " WHERE " + d.quote("bank_id") + " = 4"); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("تجارت");
            assertThat(rs.getObject(2)).isNull();
            assertThat(rs.getString(3)).contains("\"SwiftCode\":\"BTEJIRTH\"", "\"bankGroupId\":\"not-a-number\"");
        }
    }

    @Test
    void aRecordWithoutServerIdGoesToTheDeadLetterStoreAndTheRestIsStored() throws Exception {
        StubMahak.nextGetAllData.set("{\"Result\":true,\"Data\":{\"Objects\":{\"Banks\":[{\"Name\":\"بی‌شناسه\",\"RowVersion\":30},"
                + "{\"BankId\":5,\"Name\":\"ملی\",\"RowVersion\":31}]}}}");
        pull(List.of("banks"));
        assertThat(targetStates("banks")).extracting(r -> r.id()).containsExactly(5);
        var d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + d.quote("reason") + ", " + d.quote("payload") + " FROM "
                        + d.quote("mahak_dead_letter"))) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).contains("bankId", "no server id");
            assertThat(rs.getString(2)).contains("بی‌شناسه");
        }
    }
}
