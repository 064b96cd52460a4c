package io.mahaksync.pull;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link PullHostileAnswersTest} with MariaDB as the target. */
@QuarkusTest
@TestProfile(HostileMahak.OnMariaDb.class)
class PullHostileAnswersMariaDbTest extends PullHostileAnswersTest {
}
