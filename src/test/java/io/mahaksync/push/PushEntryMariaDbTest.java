package io.mahaksync.push;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The push entry on a MariaDB target (the erp_new_people recipe table there too). */
@QuarkusTest
@TestProfile(PushProfiles.MariaDb.class)
class PushEntryMariaDbTest extends PushEntryScenarios {
}
