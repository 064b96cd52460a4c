package io.mahaksync.simulator;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The simulator is off in the prod profile; one variable ({@code MAHAK_SIMULATOR_ENABLED=true}) turns it
 * on. Then its unauthenticated admin API and a fake Mahak answer on the service's port, so the start
 * says so, loudly, where an operator looks.
 */
@Singleton
public class SimulatorProdWarning {

    private static final Logger LOG = Logger.getLogger(SimulatorProdWarning.class);

    private final SimulatorConfig config;

    SimulatorProdWarning(SimulatorConfig config) {
        this.config = config;
    }

    void warnOnStart(@Observes StartupEvent event) {
        if (config.enabled() && ConfigUtils.getProfiles().contains("prod")) {
            LOG.warn("*** THE BUILT-IN MAHAK SIMULATOR IS ON IN THE PROD PROFILE (mahak.simulator.enabled=true): "
                    + "/API/v3 answers as a fake Mahak and /simulator/admin lets anyone change or reset its data, "
                    + "without authentication. Turn it off (MAHAK_SIMULATOR_ENABLED=false) unless this instance "
                    + "is meant to be a Mahak stand-in. ***");
        }
    }
}
