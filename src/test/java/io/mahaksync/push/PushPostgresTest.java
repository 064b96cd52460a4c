package io.mahaksync.push;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The push scenarios with a PostgreSQL target. */
@QuarkusTest
@TestProfile(PushProfiles.Postgres.class)
class PushPostgresTest extends PushScenarios {
}
