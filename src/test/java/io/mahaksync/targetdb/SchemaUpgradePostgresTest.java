package io.mahaksync.targetdb;

class SchemaUpgradePostgresTest extends SchemaUpgradeScenarios {

    @Override
    ScratchDatabase scratch() throws Exception {
        return ScratchDatabase.postgres("mahak_upgrade_test");
    }
}
