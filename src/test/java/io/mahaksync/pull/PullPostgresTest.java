package io.mahaksync.pull;

import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every pull scenario of {@link PullSyncTest}, with PostgreSQL as the target. */
@QuarkusTest
@TestProfile(PostgresTarget.class)
class PullPostgresTest extends PullSyncTest {
}
