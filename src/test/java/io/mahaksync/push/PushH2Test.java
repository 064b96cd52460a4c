package io.mahaksync.push;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The push scenarios with an H2 target, plus the H2-only ones below. */
@QuarkusTest
@TestProfile(PushProfiles.H2.class)
class PushH2Test extends PushScenarios {
}
