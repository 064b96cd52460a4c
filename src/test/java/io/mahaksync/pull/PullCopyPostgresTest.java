package io.mahaksync.pull;

import io.mahaksync.testsupport.PostgresCopyTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every pull scenario of {@link PullSyncTest} on PostgreSQL, each batch written through COPY. */
@QuarkusTest
@TestProfile(PostgresCopyTarget.class)
class PullCopyPostgresTest extends PullSyncTest {
}
