package io.mahaksync.ops.admin;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Production has no admin password by default: with the admin API on, the service refuses to start. */
class OpsAdminGateTest {

    @Test
    void anEnabledAdminApiWithoutPasswordStopsTheStart() {
        assertThatThrownBy(() -> new AdminGate(true, Optional.empty()).checkOnStart(null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mahak.admin.password")
                .hasMessageContaining("mahak.admin.enabled=false");
        assertThatThrownBy(() -> new AdminGate(true, Optional.of("  ")).checkOnStart(null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDisabledApiOrASetPasswordStarts() {
        assertThatCode(() -> new AdminGate(false, Optional.empty()).checkOnStart(null)).doesNotThrowAnyException();
        assertThatCode(() -> new AdminGate(true, Optional.of("from-a-secret")).checkOnStart(null))
                .doesNotThrowAnyException();
    }
}
