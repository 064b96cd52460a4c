package io.mahaksync.ops.leader;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The Kubernetes client, built on its first call. Camel's kubernetes extension binds the client into Camel's
 * registry at every start, and the default producer builds it there (its configuration, serialization and HTTP
 * client: about a tenth of the main thread's start), although only {@code mahak.leader.mode=kubernetes} talks to
 * the API server. An application-scoped bean is handed out as a proxy, so the client is built when first used.
 */
@Singleton
public class KubernetesClientOnDemand {

    @Produces
    @ApplicationScoped
    KubernetesClient kubernetesClient(KubernetesSerialization serialization, Config config) {
        return new KubernetesClientBuilder().withKubernetesSerialization(serialization).withConfig(config).build();
    }

    void close(@Disposes KubernetesClient client) {
        client.close();
    }
}
