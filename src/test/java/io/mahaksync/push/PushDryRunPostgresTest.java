package io.mahaksync.push;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The dry run on a Postgres target. */
@QuarkusTest
@TestProfile(DryRunScenarios.Postgres.class)
class PushDryRunPostgresTest extends DryRunScenarios {
}
