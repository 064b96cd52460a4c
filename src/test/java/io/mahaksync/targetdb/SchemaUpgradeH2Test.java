package io.mahaksync.targetdb;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SchemaUpgradeH2Test extends SchemaUpgradeScenarios {

    @TempDir
    Path dir;

    @Override
    ScratchDatabase scratch() {
        return ScratchDatabase.h2(dir);
    }
}
