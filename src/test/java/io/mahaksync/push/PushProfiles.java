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
