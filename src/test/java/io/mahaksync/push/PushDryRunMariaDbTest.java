package io.mahaksync.push;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The dry run on a MariaDb target. */
@QuarkusTest
@TestProfile(DryRunScenarios.MariaDb.class)
class PushDryRunMariaDbTest extends DryRunScenarios {
}
