package io.mahaksync.pull;

import io.mahaksync.testsupport.MariaDbTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every pull scenario of {@link PullSyncTest}, with MariaDB as the target. */
@QuarkusTest
@TestProfile(MariaDbTarget.class)
class PullMariaDbTest extends PullSyncTest {
}
