package io.mahaksync.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs a @QuarkusTest against the PostgreSQL on this machine (database from
 * {@code -Dmahak.test.postgresql-url}, default the local {@code test} database).
 */
public class PostgresTarget implements QuarkusTestProfile {

    public static String url() {
        return System.getProperty("mahak.test.postgresql-url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mahak.target.jdbc-url", url(),
                "mahak.target.username", System.getProperty("mahak.test.postgresql-user", "postgres"),
                "mahak.target.password", "");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
