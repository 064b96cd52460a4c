package io.mahaksync.feed;

import io.mahaksync.testsupport.MariaDbTarget;
import io.mahaksync.testsupport.PostgresTarget;
import io.mahaksync.testsupport.StopsWithTheApp;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service as a user runs it with the change-feed recipes: the README's recipe files copied into a
 * folder that {@code camel.main.routes-include-pattern} loads beside the packaged routes, the HTTP
 * recipe pointed at a test ERP API on 127.0.0.1.
 */
public final class FeedProfiles {

    static final List<String> RECIPES = List.of("change-feed-jdbc.camel.yaml", "change-feed-http.camel.yaml");
    static final ErpApi ERP_API = new ErpApi();

    static {
        StopsWithTheApp.register(ERP_API::close);
    }

    private FeedProfiles() {
    }

    static Map<String, String> withRecipes(Map<String, String> target) {
        return withRecipes(target, RECIPES);
    }

    public static Map<String, String> withRecipes(Map<String, String> target, List<String> recipes) {
        Path folder;
        try {
            folder = Files.createTempDirectory("mahak-routes");
            for (String recipe : recipes) {
                Files.copy(Path.of("recipes", recipe), folder.resolve(recipe));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(target);
        config.put("camel.main.routes-include-pattern",
                "classpath:routes/*.camel.yaml,file:" + folder.toAbsolutePath() + "/*.camel.yaml");
        config.put("erp.api.people-url", ERP_API.url());
        return config;
    }

    public static class H2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withRecipes(Map.of());
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    private static KafkaBroker broker;

    /**
     * The Kafka broker of this JVM, started on first use and shared by the Kafka recipes' tests of both directions
     * (their profile is {@code io.mahaksync.push.PushProfiles.Kafka}; each has its own topic).
     */
    public static synchronized KafkaBroker kafkaBroker() {
        if (broker == null) {
            broker = new KafkaBroker();
            StopsWithTheApp.register(broker::close);
        }
        return broker;
    }

    public static class Postgres extends PostgresTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withRecipes(super.getConfigOverrides());
        }
    }

    public static class MariaDb extends MariaDbTarget {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withRecipes(super.getConfigOverrides());
        }
    }
}
