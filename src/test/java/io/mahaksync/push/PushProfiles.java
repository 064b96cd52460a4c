package io.mahaksync.push;

import io.mahaksync.feed.FeedProfiles;
import io.mahaksync.testsupport.MariaDbTarget;
import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test profiles of the push tests: the built-in simulator, a target database, a drop inbox under target/, and the
 * service as a user runs it with the push recipes (the README's recipe files loaded from a routes folder beside the
 * packaged routes, the camel-jdbc recipe's route started by its test once the ERP's table is there) and a short
 * login lockout. The push scenarios and the push entry's share one profile per database: each profile is another
 * application to build and start.
 */
public final class PushProfiles {

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

    /** {@link #push} with the given recipes loaded from a routes folder, and the admin API's login throttle short. */
    static Map<String, String> withRecipes(String name, Map<String, String> target, List<String> recipes) {
        Map<String, String> m = new HashMap<>(FeedProfiles.withRecipes(push(name, target), recipes));
        m.put("erp.new-people.poll-ms", "200");
        // the test creates the ERP's table, then starts the recipe's route
        m.put("erp.new-people.enabled", "false");
        // three refused logins in a row lock a client out for two seconds (the admin API's throttle)
        m.put("mahak.admin.login-max-failures", "3");
        m.put("mahak.admin.login-lockout", "PT2S");
        return m;
    }

    static Map<String, String> withJdbcRecipe(String name, Map<String, String> target) {
        return withRecipes(name, target, List.of("push-from-jdbc.camel.yaml"));
    }

    public static class H2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withJdbcRecipe("h2", Map.of("mahak.target.jdbc-url", "jdbc:h2:mem:push-test;DB_CLOSE_DELAY=-1"));
        }
    }

    public static class Postgres extends PostgresTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withJdbcRecipe("postgresql", super.getConfigOverrides());
        }
    }

    public static class MariaDb extends MariaDbTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withJdbcRecipe("mariadb", super.getConfigOverrides());
        }
    }

    /**
     * The Kafka recipes of both directions on an H2 target, against the broker this JVM starts once: ERP records on
     * a topic pushed to Mahak (this package's test) and the change feed published to another (the feed's test).
     */
    public static class Kafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = withRecipes("kafka",
                    Map.of("mahak.target.jdbc-url", "jdbc:h2:mem:kafka-recipes;DB_CLOSE_DELAY=-1"),
                    List.of("push-from-kafka.camel.yaml", "change-feed-kafka.camel.yaml"));
            m.put("kafka.brokers", FeedProfiles.kafkaBroker().bootstrapServers());
            return m;
        }
    }
}
