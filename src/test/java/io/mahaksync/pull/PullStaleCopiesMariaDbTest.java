package io.mahaksync.pull;

import io.mahaksync.testsupport.MariaDbTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;

/** {@link PullStaleCopiesTest} with MariaDB as the target. */
@QuarkusTest
@TestProfile(PullStaleCopiesMariaDbTest.StubOnMariaDb.class)
class PullStaleCopiesMariaDbTest extends PullStaleCopiesTest {

    /** The stub as Mahak, MariaDB as the target. */
    public static class StubOnMariaDb extends MariaDbTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.putAll(new StubMahak.Profile().getConfigOverrides());
            return overrides;
        }
    }
}
