package io.mahaksync.pull;

import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;

/** {@link PullStaleCopiesTest} with Postgres as the target. */
@QuarkusTest
@TestProfile(PullStaleCopiesPostgresTest.StubOnPostgres.class)
class PullStaleCopiesPostgresTest extends PullStaleCopiesTest {

    /** The stub as Mahak, Postgres as the target. */
    public static class StubOnPostgres extends PostgresTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.putAll(new StubMahak.Profile().getConfigOverrides());
            return overrides;
        }
    }
}
