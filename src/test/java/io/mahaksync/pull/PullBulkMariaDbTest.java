package io.mahaksync.pull;

import io.mahaksync.testsupport.MariaDbBulkTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every pull scenario of {@link PullSyncTest} on MariaDB, each batch written as multi-row upserts. */
@QuarkusTest
@TestProfile(MariaDbBulkTarget.class)
class PullBulkMariaDbTest extends PullSyncTest {
}
