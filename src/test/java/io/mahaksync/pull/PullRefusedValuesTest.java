package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.simulator.store.RecordState;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.DeadLetterStore.DeadLetter;
import io.mahaksync.targetdb.SqlDialect;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values the target database refuses or cannot hold never block an entity: text is stored whole,
 * what a database cannot store is kept exactly, and a record the database still refuses goes to the
 * dead-letter store alone while the rest of its page and the cursor commit. Pulled from the
 * simulator over real HTTP; H2 here, PostgreSQL and MariaDB in the subclasses.
 */
@QuarkusTest
class PullRefusedValuesTest extends PullScenario {

    private static final String CONSTRAINT = "mahak_test_refuse";

    @Inject
    DeadLetterStore deadLetters;
    @Inject
    ObjectMapper json;

    @BeforeEach
    void clean() throws SQLException {
        freshStart(300);
    }

    @AfterEach
    void restoreTheTable() throws SQLException {
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + d.quote("mahak_person") + " DROP CONSTRAINT IF EXISTS " + d.quote(CONSTRAINT));
            s.execute("DELETE FROM " + d.quote("mahak_person"));
            s.execute(alterColumnType(d, "national_code", d.columnType(io.mahaksync.catalog.FieldType.STRING)));
        }
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAloneAndTheRestOfThePageAndTheCursorCommit() throws Exception {
        // An operator's own rule on the mirror, as ERP teams add them
        execute("ALTER TABLE " + target.dialect().quote("mahak_person") + " ADD CONSTRAINT "
                + target.dialect().quote(CONSTRAINT) + " CHECK (last_name IS NULL OR last_name <> 'REFUSED')");
        ObjectNode refused = simulator.insert("people", JsonNodeFactory.instance.objectNode()
                .put("firstName", "کوروش").put("lastName", "REFUSED").put("mobile", "09121112233")
                .put("personClientId", 770001L));
        int refusedId = refused.get("personId").asInt();

        pull(List.of("people"));

        List<RecordState> expected = simulator.states("people").stream().filter(r -> r.id() != refusedId).toList();
        assertThat(targetStates("people")).as("every other record of the page").containsExactlyInAnyOrderElementsOf(expected);
        SyncState state = cursors.state("people").orElseThrow();
        assertThat(state.rowVersion()).as("the cursor moved past the refused record")
                .isEqualTo(refused.get("rowVersion").asLong());
        assertThat(state.lastError()).isNull();
        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.flow()).isEqualTo("pull");
        assertThat(letter.entity()).isEqualTo("people");
        assertThat(letter.reference()).isEqualTo(String.valueOf(refusedId));
        assertThat(letter.reason()).contains("SQLState 23", CONSTRAINT)
                .doesNotContain("کوروش", "09121112233", "INSERT", "MERGE");
        assertThat(letter.payload()).as("the record as it came, for an operator").contains("کوروش", "09121112233");

        // The next cycle does not stumble over it again
        pull(List.of("people"));
        assertThat(deadLetters.list(null, "pull", 10)).hasSize(1);
        assertThat(cursors.state("people").orElseThrow().lastError()).isNull();

        // Corrected in Mahak, it arrives like any change
        simulator.update("people", refusedId, JsonNodeFactory.instance.objectNode().put("lastName", "تهرانی"));
        pull(List.of("people"));
        assertTargetEqualsSimulator("people");
    }

    @Test
    void aValueTooLongForItsColumnIsDeadLetteredAloneWithTheColumnNamedAndTheValueLeftOut() throws Exception {
        execute(alterColumnType(target.dialect(), "national_code", "VARCHAR(10)"));
        String tooLong = "NC-" + "7".repeat(27);
        ObjectNode refused = simulator.insert("people", JsonNodeFactory.instance.objectNode()
                .put("firstName", "شیرین").put("nationalCode", tooLong).put("personClientId", 770002L));
        int refusedId = refused.get("personId").asInt();

        pull(List.of("people"));

        assertThat(targetStates("people")).extracting(RecordState::id).doesNotContain(refusedId)
                .hasSize(simulator.states("people").size() - 1);
        assertThat(cursors.state("people").orElseThrow().rowVersion()).isEqualTo(refused.get("rowVersion").asLong());
        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reference()).isEqualTo(String.valueOf(refusedId));
        assertThat(letter.reason()).contains("SQLState 22001").doesNotContain(tooLong, "شیرین");
        assertThat(letter.payload()).contains(tooLong);
    }

    @Test
    void aNulCharacterNeitherBlocksThePageNorIsLost() throws Exception {
        String withNul = "علی\u0000رضا";
        int id = simulator.insert("people", JsonNodeFactory.instance.objectNode().put("firstName", withNul)
                .put("lastName", "کریمی").put("personClientId", 770003L)).get("personId").asInt();

        pull(List.of("people"));

        assertTargetEqualsSimulator("people");
        assertThat(deadLetters.list(null, "pull", 10)).isEmpty();
        assertThat(cursors.state("people").orElseThrow().lastError()).isNull();
        String stored = column("first_name", id);
        if (target.dialect() != SqlDialect.POSTGRESQL) {
            assertThat(stored).isEqualTo(withNul);
        } else {
            // PostgreSQL text cannot hold U+0000: the column has the rest, extra the exact value as JSON text
            assertThat(stored).isEqualTo("علیرضا");
            JsonNode extra = json.readTree(column("extra", id));
            assertThat(json.readTree(extra.path("_escaped").path("firstName").asText()).textValue()).isEqualTo(withNul);
        }
        assertThat(column("last_name", id)).isEqualTo("کریمی");
    }

    @Test
    void aOneMegabyteTextIsStoredWhole() throws Exception {
        String megabyte = "ب".repeat(499_990) + "-the-end"; // 1,000,000 bytes of UTF-8
        int id = simulator.insert("people", JsonNodeFactory.instance.objectNode().put("firstName", "بهرام")
                .put("description", megabyte).put("personClientId", 770004L)).get("personId").asInt();

        pull(List.of("people"));

        assertTargetEqualsSimulator("people");
        assertThat(deadLetters.list(null, "pull", 10)).isEmpty();
        assertThat(column("description", id)).isEqualTo(megabyte);
    }

    @Test
    void textWithTabsLineBreaksBackslashesAndQuotesIsStoredExactly() throws Exception {
        String awkward = "a\tb\nc\r\nd \\N e\\ f\\t \"g\" 'h' ,i; \\\\ end";
        int id = simulator.insert("people", JsonNodeFactory.instance.objectNode().put("firstName", "سارا")
                .put("description", awkward).put("lastName", "\\N").put("personClientId", 770005L))
                .get("personId").asInt();

        pull(List.of("people"));

        assertTargetEqualsSimulator("people");
        assertThat(deadLetters.list(null, "pull", 10)).isEmpty();
        assertThat(column("description", id)).isEqualTo(awkward);
        assertThat(column("last_name", id)).as("the text \\N, not a null").isEqualTo("\\N");
    }

    private DeadLetter onlyDeadLetter() {
        List<DeadLetter> letters = deadLetters.list(null, "pull", 10);
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }

    static String alterColumnType(SqlDialect d, String column, String type) {
        String table = d.quote("mahak_person");
        return switch (d) {
            case MARIADB -> "ALTER TABLE " + table + " MODIFY COLUMN " + d.quote(column) + " " + type + " NULL";
            case POSTGRESQL, H2 -> "ALTER TABLE " + table + " ALTER COLUMN " + d.quote(column) + " SET DATA TYPE " + type;
        };
    }

    void execute(String sql) throws SQLException {
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    String column(String column, int personId) throws SQLException {
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + d.quote(column) + " FROM " + d.quote("mahak_person") + " WHERE " + d.quote("person_id") + " = ?")) {
            ps.setInt(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("person %s stored", personId).isTrue();
                return rs.getString(1);
            }
        }
    }
}
