package io.mahaksync.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs a @QuarkusTest against the MariaDB on this machine (database from
 * {@code -Dmahak.test.mariadb-url}, default the local {@code test} database).
 */
public class MariaDbTarget implements QuarkusTestProfile {

    public static String url() {
        return System.getProperty("mahak.test.mariadb-url", "jdbc:mariadb://127.0.0.1:3306/test");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mahak.target.jdbc-url", url(),
                "mahak.target.username", "root",
                "mahak.target.password", "");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
