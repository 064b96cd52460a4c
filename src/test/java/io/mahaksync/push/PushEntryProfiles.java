package io.mahaksync.push;

import io.mahaksync.feed.FeedProfiles;
import io.mahaksync.feed.KafkaBroker;
import io.mahaksync.testsupport.MariaDbTarget;
import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service as a user runs it with the push recipes: the README's recipe files loaded from a routes folder
 * beside the packaged routes (the camel-jdbc recipe's route started by its test, once the ERP's table is there),
 * a short login lockout.
 */
final class PushEntryProfiles {

    private PushEntryProfiles() {
    }

    static Map<String, String> entry(String name, Map<String, String> target, List<String> recipes) {
        Map<String, String> m = new HashMap<>(FeedProfiles.withRecipes(PushProfiles.push("entry-" + name, target), recipes));
        m.put("erp.new-people.poll-ms", "200");
        // the test creates the ERP's table, then starts the recipe's route
        m.put("erp.new-people.enabled", "false");
        // three refused logins in a row lock a client out for two seconds (the admin API's throttle)
        m.put("mahak.admin.login-max-failures", "3");
        m.put("mahak.admin.login-lockout", "PT2S");
        return m;
    }

    public static class H2 implements QuarkusTestProfile {
        static final String URL = "jdbc:h2:mem:push-entry;DB_CLOSE_DELAY=-1";

        @Override
        public Map<String, String> getConfigOverrides() {
            return entry("h2", Map.of("mahak.target.jdbc-url", URL), List.of("push-from-jdbc.camel.yaml"));
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    public static class Postgres extends PostgresTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return entry("postgresql", super.getConfigOverrides(), List.of("push-from-jdbc.camel.yaml"));
        }
    }

    public static class MariaDb extends MariaDbTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return entry("mariadb", super.getConfigOverrides(), List.of("push-from-jdbc.camel.yaml"));
        }
    }

    /** The Kafka recipe, consuming from the broker this JVM starts once (the change feed's test shares it). */
    public static class Kafka implements QuarkusTestProfile {
        static KafkaBroker broker() {
            return FeedProfiles.Kafka.broker();
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = entry("kafka", Map.of("mahak.target.jdbc-url", "jdbc:h2:mem:push-entry-kafka;DB_CLOSE_DELAY=-1"),
                    List.of("push-from-kafka.camel.yaml"));
            m.put("kafka.brokers", broker().bootstrapServers());
            return m;
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }
}
