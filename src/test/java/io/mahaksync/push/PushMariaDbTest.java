package io.mahaksync.push;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The push scenarios with a MariaDB target. */
@QuarkusTest
@TestProfile(PushProfiles.MariaDb.class)
class PushMariaDbTest extends PushScenarios {
}
