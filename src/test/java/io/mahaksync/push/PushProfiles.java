package io.mahaksync.push;

import io.mahaksync.testsupport.MariaDbTarget;
import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** Test profiles of the push tests: the built-in simulator, a target database, a drop inbox under target/. */
final class PushProfiles {

    private PushProfiles() {
    }

    static Map<String, String> push(String name, Map<String, String> target) {
        Map<String, String> m = new HashMap<>(target);
        m.put("mahak.push.inbox", "target/push-inbox-" + name);
        m.put("mahak.push.batch-size", "500");
        m.put("mahak.retry.initial-delay-ms", "100");
        m.put("mahak.retry.max-delay-ms", "1500");
        m.put("mahak.simulator.records", "20");
        m.put("mahak.push.inbox-poll-ms", "200");
        m.put("mahak.push.outbox-poll-ms", "200");
        m.put("mahak.push.batch-wait", "PT1S");
        // a small upload limit, so that a refused (HTTP 413) upload is cheap to provoke
        m.put("mahak.simulator.upload-limit-bytes", "4096");
        // the simulator in plain memory: faster than memFS for the 100,000-row drop
        m.put("mahak.simulator.jdbc-url", "jdbc:h2:mem:push-simulator-" + name + ";DB_CLOSE_DELAY=-1;LAZY_QUERY_EXECUTION=TRUE");
        return m;
    }

    public static class H2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return push("h2", Map.of("mahak.target.jdbc-url", "jdbc:h2:mem:push-test;DB_CLOSE_DELAY=-1"));
        }
    }

    public static class Postgres extends PostgresTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return push("postgresql", super.getConfigOverrides());
        }
    }

    public static class MariaDb extends MariaDbTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return push("mariadb", super.getConfigOverrides());
        }
    }
}
