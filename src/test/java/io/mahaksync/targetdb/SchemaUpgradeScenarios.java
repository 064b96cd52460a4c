package io.mahaksync.targetdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import io.mahaksync.catalog.FieldType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A target created by the migrator of before Flyway (its {@code mahak_schema_history} at V21, rows
 * in it, an entity column the catalog gained since) is opened by the product: Flyway records the
 * old versions without running them, applies the rest, the catalog adds the column, and every row
 * is still there. Run on H2, PostgreSQL and MariaDB by the subclasses.
 */
abstract class SchemaUpgradeScenarios {

    private static final String PERSIAN_NAME = "علی رضایی";

    /** An empty target of this test's own. */
    abstract ScratchDatabase scratch() throws Exception;

    @Test
    void aDatabaseOfTheOldMigratorUpgradesInPlaceWithItsRows() throws Exception {
        ScratchDatabase db = scratch();
        SqlDialect d = db.dialect();
        EntityDef people = new EntityCatalog().get("people");
        String nameColumn = people.fields().stream().filter(f -> f.type() == FieldType.STRING).findFirst()
                .orElseThrow().column();
        FieldDef gained = people.fields().get(people.fields().size() - 1);
        List<Migration> before = Migrations.ALL.stream().filter(m -> m.version() <= 21).toList();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            LegacySchemaMigrator.migrate(c, d, before);
            // the catalog gained a field since that database was made
            s.execute("ALTER TABLE " + d.quote(people.table()) + " DROP COLUMN " + d.quote(gained.column()));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote(people.table()) + " ("
                    + d.quote(people.idFieldDef().column()) + ", " + d.quote(nameColumn) + ", "
                    + d.quote(EntityTables.ROW_VERSION_COLUMN) + ") VALUES (1001, ?, 7)")) {
                ps.setString(1, PERSIAN_NAME);
                ps.executeUpdate();
            }
            s.execute("INSERT INTO mahak_sync_state (entity, row_version, records_total) VALUES ('people', 42, 5)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mahak_dead_letter (created_at, flow, entity, "
                    + "reason, status, attempts) VALUES (?, 'pull', 'people', 'kept across the upgrade', 'waiting', 2)")) {
                ps.setTimestamp(1, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
        }

        TargetDatabase product = db.open();
        product.close();

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT " + d.quote(nameColumn) + ", " + d.quote(gained.column())
                    + " FROM " + d.quote(people.table()) + " WHERE " + d.quote(people.idFieldDef().column()) + " = 1001")) {
                assertThat(rs.next()).as("the person row survived").isTrue();
                assertThat(rs.getString(1)).isEqualTo(PERSIAN_NAME);
                assertThat(rs.getObject(2)).as("the column the catalog gained, added empty").isNull();
            }
            try (ResultSet rs = s.executeQuery("SELECT row_version, records_total FROM mahak_sync_state WHERE entity = 'people'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("the cursor").isEqualTo(42);
                assertThat(rs.getLong(2)).isEqualTo(5);
            }
        }
        assertThat(db.count("mahak_dead_letter WHERE reason = 'kept across the upgrade' AND attempts = 2")).isEqualTo(1);
        assertThat(db.count("mahak_schema_history")).as("the old history is left as it was").isEqualTo(before.size());

        List<String> recorded = history(db, "type = 'JDBC' AND installed_by = 'mahak_schema_history'");
        assertThat(recorded).as("old versions recorded, not run again")
                .containsExactlyElementsOf(before.stream().map(m -> Integer.toString(m.version())).toList());
        List<String> applied = history(db, "type = 'JDBC' AND installed_by <> 'mahak_schema_history' AND version IS NOT NULL");
        assertThat(applied).as("the migrations the old database lacked, applied by Flyway")
                .containsExactlyInAnyOrderElementsOf(Migrations.ALL.stream().filter(m -> m.version() > 21)
                        .map(m -> Integer.toString(m.version())).toList());
        assertThat(db.count("mahak_flyway_history WHERE version IS NULL AND description = '"
                + SchemaMigrator.ENTITY_TABLES + "' AND success = " + trueLiteral(d))).isEqualTo(1);
        assertThat(db.count("mahak_lease")).as("V30 made its table").isZero();
        assertThat(outboxIndexes(db)).as("V91 left the outbox only the indexes its reads use (each is written with"
                + " every row staged and every outcome)").containsExactlyInAnyOrder("mahak_outbox_group",
                        "mahak_outbox_drop", "mahak_outbox_drop_order");

        long rows = db.count("mahak_flyway_history");
        db.open().close();
        assertThat(db.count("mahak_flyway_history")).as("a restart migrates nothing").isEqualTo(rows);
    }

    /**
     * Drift with an unchanged catalog: after a first start, an entity table dropped by hand and a column of
     * another dropped. The next start finds it with its one metadata look and brings both back, without a
     * migration of its own (the history keeps its rows).
     */
    @Test
    void aTableOrColumnDroppedByHandIsBroughtBackAtTheNextStart() throws Exception {
        ScratchDatabase db = scratch();
        SqlDialect d = db.dialect();
        EntityCatalog catalog = new EntityCatalog();
        EntityDef people = catalog.get("people");
        EntityDef banks = catalog.get("banks");
        FieldDef dropped = people.fields().get(people.fields().size() - 1);
        db.open().close();
        long rows = db.count("mahak_flyway_history");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + d.quote(banks.table()));
            s.execute("ALTER TABLE " + d.quote(people.table()) + " DROP COLUMN " + d.quote(dropped.column()));
        }

        db.open().close();

        assertThat(db.count(d.quote(banks.table()))).as("the dropped table is there again, empty").isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + d.quote(dropped.column()) + " FROM " + d.quote(people.table()))) {
            assertThat(rs.next()).as("the dropped column is there again (the table is empty)").isFalse();
        }
        assertThat(db.count("mahak_flyway_history")).as("repaired without a migration").isEqualTo(rows);
    }

    @Test
    void anAppliedMigrationWhoseSqlChangedIsRefusedWithItsVersion() throws Exception {
        ScratchDatabase db = scratch();
        db.open().close();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mahak_flyway_history SET checksum = checksum + 1 WHERE version = '20'");
        }
        assertThatThrownBy(db::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Migrating the target database failed")
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("20");
    }

    /** The outbox's indexes by name, its primary key left out. */
    private static List<String> outboxIndexes(ScratchDatabase db) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = db.connect(); ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(),
                "mahak_outbox", false, true)) {
            while (rs.next()) {
                String name = String.valueOf(rs.getString("INDEX_NAME")).toLowerCase(Locale.ROOT);
                if (name.startsWith("mahak_outbox_") && !name.endsWith("_pkey")) {
                    names.add(name);
                }
            }
        }
        return new ArrayList<>(names);
    }

    static List<String> history(ScratchDatabase db, String condition) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM mahak_flyway_history WHERE " + condition
                        + " ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    static String trueLiteral(SqlDialect d) {
        return d == SqlDialect.MARIADB ? "1" : "TRUE";
    }
}
