package io.mahaksync.pull;

import io.mahaksync.testsupport.MariaDbBulkTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;

/** {@link PullStaleCopiesTest} with MariaDB as the target, each batch as a multi-row upsert (the bulk path keeps the guard). */
@QuarkusTest
@TestProfile(PullStaleCopiesMariaDbTest.StubOnMariaDb.class)
class PullStaleCopiesMariaDbTest extends PullStaleCopiesTest {

    /** The stub as Mahak, MariaDB as the target, its bulk path for every batch. */
    public static class StubOnMariaDb extends MariaDbBulkTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.putAll(new StubMahak.Profile().getConfigOverrides());
            return overrides;
        }
    }
}
