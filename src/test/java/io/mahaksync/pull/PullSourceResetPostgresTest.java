package io.mahaksync.pull;

import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every source-reset and verify scenario of {@link PullSourceResetTest}, with PostgreSQL as the target. */
@QuarkusTest
@TestProfile(PostgresTarget.class)
class PullSourceResetPostgresTest extends PullSourceResetTest {
}
