package io.mahaksync.simulator;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The login the simulator accepts: its own ({@code mahak.simulator.username}, {@code password}), never
 * the service's real Mahak login. Were it the same, anyone reaching the simulator's LoginV2 could test
 * guesses of the real password; so when the simulator's credentials equal those the service uses
 * against a real (not loopback) Mahak, every login is refused and the start says why.
 */
@Singleton
public class SimulatorCredentials {

    private static final Logger LOG = Logger.getLogger(SimulatorCredentials.class);

    private final SimulatorConfig config;
    private final boolean realLogin;

    SimulatorCredentials(SimulatorConfig config,
            @ConfigProperty(name = "mahak.username") String serviceUser,
            @ConfigProperty(name = "mahak.password") String servicePassword,
            @ConfigProperty(name = "mahak.base-url") String serviceBaseUrl,
            @ConfigProperty(name = "mahak.pull.enabled", defaultValue = "true") boolean pull,
            @ConfigProperty(name = "mahak.push.enabled", defaultValue = "true") boolean push) {
        this.config = config;
        this.realLogin = isRealLogin(config.username(), config.password(), serviceUser, servicePassword,
                serviceBaseUrl, pull || push);
    }

    /** Whether the simulator's credentials are the ones this service sends to a real Mahak. */
    static boolean isRealLogin(String simulatorUser, String simulatorPassword, String serviceUser,
            String servicePassword, String serviceBaseUrl, boolean serviceSyncs) {
        if (!serviceSyncs || !simulatorUser.equals(serviceUser) || !simulatorPassword.equals(servicePassword)) {
            return false;
        }
        String host = URI.create(serviceBaseUrl.trim()).getHost();
        return host != null && !host.equalsIgnoreCase("localhost") && !host.startsWith("127.") && !host.equals("[::1]");
    }

    void warnOnStart(@Observes StartupEvent event) {
        if (config.enabled() && realLogin) {
            LOG.error("mahak.simulator.username/password are the service's own Mahak login (mahak.username/password) "
                    + "used against a real Mahak: the simulator refuses every login until it has credentials of its own");
        }
    }

    /** Whether a Login / LoginV2 with this user name and password (as sent: its lowercase hex MD5) is accepted. */
    public boolean accepts(String userName, String passwordMd5) {
        return !realLogin && userName.equals(config.username())
                && passwordMd5.equalsIgnoreCase(TokenService.md5Hex(config.password()));
    }
}
