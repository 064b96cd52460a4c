package io.mahaksync.pull;

import io.mahaksync.testsupport.PostgresCopyTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;

/** {@link PullStaleCopiesTest} with Postgres as the target, each batch through COPY (the bulk path keeps the guard). */
@QuarkusTest
@TestProfile(PullStaleCopiesPostgresTest.StubOnPostgres.class)
class PullStaleCopiesPostgresTest extends PullStaleCopiesTest {

    /** The stub as Mahak, Postgres as the target, its bulk path for every batch. */
    public static class StubOnPostgres extends PostgresCopyTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.putAll(new StubMahak.Profile().getConfigOverrides());
            return overrides;
        }
    }
}
