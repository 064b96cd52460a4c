package io.mahaksync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the simulator must refuse its own configured login: it is the service's real Mahak login. */
class SimulatorCredentialsTest {

    @Test
    void theServicesLoginToARealMahakIsNeverTheSimulators() {
        assertThat(SimulatorCredentials.isRealLogin("shop", "s3cret", "shop", "s3cret",
                "https://mahakacc.mahaksoft.com/API/v3", true)).isTrue();
        assertThat(SimulatorCredentials.isRealLogin("shop", "s3cret", "shop", "s3cret",
                "https://10.1.2.3/API/v3", true)).isTrue();
    }

    @Test
    void theSimulatorsOwnLoginOrTheServiceTalkingToTheSimulatorIsFine() {
        // the defaults: the simulator has its own demo login, the service another one
        assertThat(SimulatorCredentials.isRealLogin("demo", "demo", "shop", "s3cret",
                "https://mahakacc.mahaksoft.com/API/v3", true)).isFalse();
        // demo and tests: the service logs in to the simulator on loopback with the simulator's login
        assertThat(SimulatorCredentials.isRealLogin("demo", "demo", "demo", "demo",
                "http://localhost:8080/API/v3", true)).isFalse();
        assertThat(SimulatorCredentials.isRealLogin("demo", "demo", "demo", "demo",
                "http://127.0.0.1:8080/API/v3", true)).isFalse();
        // the simulator profile: no pull, no push, so the service logs in nowhere
        assertThat(SimulatorCredentials.isRealLogin("demo", "demo", "demo", "demo",
                "https://mahakacc.mahaksoft.com/API/v3", false)).isFalse();
    }
}
