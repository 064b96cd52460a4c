package io.mahaksync.pull;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.client.MahakConnectionState;
import io.mahaksync.client.TokenManager;
import io.mahaksync.testsupport.LogCapture;
import io.mahaksync.targetdb.SqlDialect;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile answer leaves behind, on H2 (subclasses: PostgreSQL, MariaDB): a login answer
 * that echoes the password hash, a batch the database refuses, line breaks and NULs from Mahak.
 * Nothing secret and no customer value reaches a log record, {@code last_error}, a dead-letter
 * reason or the anonymous readiness answer, and every log record stays one line.
 */
@QuarkusTest
@TestProfile(HostileMahak.OnH2.class)
class PullHostileAnswersTest extends PullScenario {

    static final String CHECK = "erp_refuses_test";
    LogCapture log;
    @Inject
    TokenManager tokens;
    @Inject
    MahakConnectionState connection;

    @BeforeEach
    void clean() throws Exception {
        HostileMahak.start();
        HostileMahak.reset();
        dropCheck();
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + d.quote("mahak_sync_state"));
            s.execute("DELETE FROM " + d.quote("mahak_person"));
            s.execute("DELETE FROM " + d.quote("mahak_dead_letter"));
        }
        log = LogCapture.open();
    }

    @AfterEach
    void restore() throws Exception {
        log.close();
        HostileMahak.reset();
        dropCheck();
    }

    @Test
    void aLoginAnswerThatEchoesThePasswordHashLeavesItNowhere() throws Exception {
        HostileMahak.loginEchoes = true;
        tokens.invalidate(null); // the next call logs in
        tryPull();

        String lastError = cursors.state("people").orElseThrow().lastError();
        assertThat(lastError).as("last_error").contains("Login", "400");
        // What readiness shows as mahak-login's error until a login has succeeded (anonymous: no auth on /q/health).
        String loginError = connection.lastError().orElseThrow();
        assertThat(loginError).contains("Login answered HTTP 400");
        String ready = given().get("/q/health/ready").then().extract().asString() + loginError;
        List<String> secrets = List.of(HostileMahak.PASSWORD, md5(HostileMahak.PASSWORD),
                md5(HostileMahak.PASSWORD).toUpperCase(Locale.ROOT));
        for (String secret : secrets) {
            assertThat(lastError).as("last_error").doesNotContain(secret);
            assertThat(ready).as("/q/health/ready").doesNotContain(secret);
            assertThat(log.text()).as("the log").doesNotContain(secret);
        }
        assertThat(log.text()).as("the failure is logged").contains("Login answered HTTP 400");
        // A 6 KB answer is cut to a length a log line and a column can hold.
        assertThat(lastError.length()).isLessThanOrEqualTo(1000);
        assertThat(log.lines()).allSatisfy(l -> assertThat(l.message().length()).isLessThan(1500));
    }

    @Test
    void aBatchTheDatabaseRefusesIsReportedWithItsReasonButWithoutItsValues() throws Exception {
        addCheck();
        HostileMahak.page.set("{\"Result\":true,\"Data\":{\"Objects\":{\"People\":["
                + "{\"PersonId\":701,\"FirstName\":\"Shirin-Value-7731\",\"LastName\":\"Golzar-Value\",\"Mobile\":\"09125557731\",\"RowVersion\":10},"
                + "{\"PersonId\":702,\"FirstName\":\"Refused\",\"LastName\":\"Kamali-Value\",\"Mobile\":\"09125557732\",\"RowVersion\":11},"
                + "{\"PersonId\":703,\"FirstName\":\"Dara-Value\",\"Mobile\":\"09125557733\",\"Password\":\"pw-Value-3\",\"RowVersion\":12}]}}}");
        tryPull();

        String reported = String.join(" | ", reports());
        assertThat(reported).as("last_error and dead-letter reasons").contains(CHECK).contains("702");
        assertThat(log.text()).as("the refusal is logged with the database's reason").contains(CHECK);
        List<String> values = List.of("Shirin-Value-7731", "Golzar-Value", "09125557731", "Kamali-Value", "09125557732",
                "Dara-Value", "09125557733", "pw-Value-3");
        for (String value : values) {
            assertThat(reported).as("last_error and dead-letter reasons").doesNotContain(value);
            assertThat(log.text()).as("the log").doesNotContain(value);
        }
        assertThat(reported).doesNotContain("\n", "\r");
        assertOneLinePerRecord();
    }

    @Test
    void aLineBreakOrNulFromMahakNeverBreaksOrForgesALogLine() throws Exception {
        String field = "Nick\\nname\\u0000 2026-12-01 ERROR [io.mahaksync] forged-" + System.nanoTime();
        HostileMahak.page.set("{\"Result\":true,\"Data\":{\"Objects\":{\"People\":["
                + "{\"PersonId\":801,\"FirstName\":\"Nul\\u0000Value-5521\",\"" + field + "\":\"x\","
                + "\"PersonGroupId\":\"0912-555-8842\\nERROR forged\",\"RowVersion\":20}]}}}");
        tryPull();

        assertThat(log.text()).as("the unknown field is reported, escaped").contains("Schema drift")
                .contains("Nick\\nname\\0 2026-12-01 ERROR");
        assertThat(log.text()).as("a value of the wrong type is described, not shown").contains("Type drift")
                .doesNotContain("0912-555-8842").doesNotContain("Value-5521");
        assertOneLinePerRecord();
        // Whatever the database made of the NUL, what is reported about it is one clean line.
        for (String report : reports()) {
            assertThat(report).doesNotContain("\n", "\0", "Value-5521", "0912-555-8842");
        }
        if (targetStates("people").isEmpty()) {
            assertThat(cursors.state("people").orElseThrow().lastError()).as("a refused page leaves its reason")
                    .isNotBlank();
        }
    }

    private void assertOneLinePerRecord() {
        assertThat(log.lines()).as("captured log records").isNotEmpty();
        for (LogCapture.Line l : log.lines()) {
            assertThat(l.message()).as("log record of %s", l.logger()).doesNotContain("\n", "\r", "\0");
        }
    }

    /** last_error of people, and every dead letter's reason and reference. */
    private List<String> reports() throws Exception {
        List<String> out = new ArrayList<>();
        cursors.state("people").map(SyncState::lastError).ifPresent(out::add);
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + d.quote("reason") + ", " + d.quote("reference") + " FROM "
                        + d.quote("mahak_dead_letter"))) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    private void tryPull() {
        try {
            pull(List.of("people"));
        } catch (RuntimeException expected) {
            // the outcome is what is stored and logged, checked by the caller
        }
    }

    /** A rule of the ERP's own on the mirror table, as operators add them: the database refuses the record. */
    private void addCheck() throws Exception {
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + d.quote("mahak_person") + " ADD CONSTRAINT " + CHECK + " CHECK ("
                    + d.quote("first_name") + " <> 'Refused')");
        }
    }

    private void dropCheck() throws Exception {
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + d.quote("mahak_person") + " DROP CONSTRAINT IF EXISTS " + CHECK);
        }
    }

    static String md5(String s) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }
}
