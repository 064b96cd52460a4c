package io.mahaksync.push;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The dry run on a H2 target. */
@QuarkusTest
@TestProfile(DryRunScenarios.H2.class)
class PushDryRunH2Test extends DryRunScenarios {
}
