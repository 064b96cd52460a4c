package io.mahaksync.pull;

import io.mahaksync.testsupport.MariaDbTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every source-reset and verify scenario of {@link PullSourceResetTest}, with MariaDB as the target. */
@QuarkusTest
@TestProfile(MariaDbTarget.class)
class PullSourceResetMariaDbTest extends PullSourceResetTest {
}
