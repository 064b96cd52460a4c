package io.mahaksync.pull;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link PullHostileAnswersTest} with PostgreSQL as the target. */
@QuarkusTest
@TestProfile(HostileMahak.OnPostgres.class)
class PullHostileAnswersPostgresTest extends PullHostileAnswersTest {
}
