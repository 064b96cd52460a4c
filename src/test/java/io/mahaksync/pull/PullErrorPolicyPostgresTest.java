package io.mahaksync.pull;

import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@link PullErrorPolicyTest} with PostgreSQL as the target. */
@QuarkusTest
@TestProfile(PullErrorPolicyPostgresTest.OnPostgres.class)
class PullErrorPolicyPostgresTest extends PullErrorPolicyTest {

    public static class OnPostgres extends RoutesFromAFolder {
        @Override
        Map<String, String> target() {
            return new PostgresTarget().getConfigOverrides();
        }
    }
}
