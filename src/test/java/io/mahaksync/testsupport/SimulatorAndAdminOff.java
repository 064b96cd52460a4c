package io.mahaksync.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with neither the built-in simulator ({@code mahak.simulator.enabled=false}, the prod profile's
 * setting) nor the admin API ({@code mahak.admin.enabled=false}). One profile for both switches' tests: each test
 * profile is another application to build and start.
 */
public class SimulatorAndAdminOff implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mahak.simulator.enabled", "false", "mahak.admin.enabled", "false");
    }
}
