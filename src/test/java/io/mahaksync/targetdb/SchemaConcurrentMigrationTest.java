package io.mahaksync.targetdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.catalog.EntityCatalog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two replicas starting at once on one empty database, or on one of the migrator from before
 * Flyway: both open the target, and Flyway's lock lets the schema be migrated once (each version
 * once in the history, every entity table there).
 */
class SchemaConcurrentMigrationTest {

    @Test
    void twoInstancesMigrateAnEmptyPostgreSqlSchemaOnce() throws Exception {
        startTwoAtOnce(ScratchDatabase.postgres("mahak_concurrent_test"));
    }

    @Test
    void twoInstancesMigrateAnEmptyMariaDbDatabaseOnce() throws Exception {
        startTwoAtOnce(ScratchDatabase.mariadb("concurrent"));
    }

    @Test
    void twoInstancesUpgradeAPostgreSqlSchemaOfTheOldMigratorOnce() throws Exception {
        ScratchDatabase db = ScratchDatabase.postgres("mahak_concurrent_test");
        startTwoAtOnce(withOldSchema(db));
        assertThat(SchemaUpgradeScenarios.history(db, "type = 'JDBC' AND installed_by = 'mahak_schema_history'"))
                .containsExactly("1", "20", "21");
    }

    @Test
    void twoInstancesUpgradeAMariaDbDatabaseOfTheOldMigratorOnce() throws Exception {
        ScratchDatabase db = ScratchDatabase.mariadb("concurrent");
        startTwoAtOnce(withOldSchema(db));
        assertThat(SchemaUpgradeScenarios.history(db, "type = 'JDBC' AND installed_by = 'mahak_schema_history'"))
                .containsExactly("1", "20", "21");
    }

    private static ScratchDatabase withOldSchema(ScratchDatabase db) throws Exception {
        try (var c = db.connect()) {
            LegacySchemaMigrator.migrate(c, db.dialect(), Migrations.ALL.stream().filter(m -> m.version() <= 21).toList());
        }
        return db;
    }

    private static void startTwoAtOnce(ScratchDatabase db) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<TargetDatabase>> replicas = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return db.open();
                })).toList();
        for (CompletableFuture<TargetDatabase> replica : replicas) {
            replica.get(180, TimeUnit.SECONDS).close(); // both started: none failed on the other's DDL
        }

        assertThat(db.count("(SELECT version FROM mahak_flyway_history WHERE version IS NOT NULL "
                + "GROUP BY version HAVING COUNT(*) > 1) twice")).as("a version applied twice").isZero();
        assertThat(SchemaUpgradeScenarios.history(db, "type = 'JDBC' AND version IS NOT NULL"))
                .containsExactlyInAnyOrderElementsOf(Migrations.ALL.stream().map(m -> Integer.toString(m.version())).toList());
        assertThat(db.count("mahak_flyway_history WHERE version IS NULL")).as("entity tables made once").isEqualTo(1);
        assertThat(db.count("mahak_flyway_history WHERE success = " + SchemaUpgradeScenarios.trueLiteral(db.dialect())))
                .isEqualTo(db.count("mahak_flyway_history"));
        for (var entity : new EntityCatalog().all()) {
            assertThat(db.count(entity.table())).as(entity.table()).isZero();
        }
    }
}
