package io.mahaksync.targetdb;

class SchemaUpgradeMariaDbTest extends SchemaUpgradeScenarios {

    @Override
    ScratchDatabase scratch() throws Exception {
        return ScratchDatabase.mariadb("upgrade");
    }
}
