package io.mahaksync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * Camel's kubernetes extension puts the Kubernetes client into Camel's registry at every start; it is built
 * only when first used (mahak.leader.mode=kubernetes), not on the start's main thread.
 */
@QuarkusTest
class OpsKubernetesClientOnDemandTest {

    @Inject
    KubernetesClient client;

    @Inject
    CamelContext camel;

    @Test
    void theClientIsInCamelsRegistryAndBuiltOnFirstUse() {
        InjectableBean<KubernetesClient> bean = Arc.container().instance(KubernetesClient.class).getBean();
        var applicationContext = Arc.container().getActiveContext(ApplicationScoped.class);
        assertThat(camel.getRegistry().lookupByName("kubernetesClient")).as("bound for camel-kubernetes").isNotNull();
        assertThat(applicationContext.get(bean)).as("not built by the start").isNull();

        assertThat(client.getConfiguration()).as("a working client once asked").isNotNull();
        assertThat(applicationContext.get(bean)).as("built on first use").isNotNull();
    }
}
