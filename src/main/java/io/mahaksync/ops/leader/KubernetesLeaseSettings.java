package io.mahaksync.ops.leader;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code mahak.leader.mode=kubernetes}: camel-kubernetes' cluster service on a coordination.k8s.io
 * Lease. The pod needs a service account allowed to get/create/update leases (see k8s/overlays).
 */
@Singleton
public class KubernetesLeaseSettings {

    private final String leaseName;
    private final Optional<String> kubernetesNamespace;
    private final String podLabel;

    KubernetesLeaseSettings(
            @ConfigProperty(name = "mahak.leader.kubernetes.lease-name", defaultValue = "mahak-camel-sync") String leaseName,
            @ConfigProperty(name = "mahak.leader.kubernetes.namespace") Optional<String> kubernetesNamespace,
            @ConfigProperty(name = "mahak.leader.kubernetes.pod-label",
                    defaultValue = "app.kubernetes.io/name=mahak-camel-sync") String podLabel) {
        this.leaseName = leaseName;
        this.kubernetesNamespace = kubernetesNamespace.filter(s -> !s.isBlank());
        this.podLabel = podLabel;
    }

    CamelClusterService createService(String holder, Duration leaseDuration, Duration renewInterval) {
        KubernetesClusterService service = new KubernetesClusterService();
        service.setId("mahak-kubernetes-lease");
        service.setLeaseResourceType(LeaseResourceType.Lease);
        // The Lease object is named <lease-name>-<master namespace>, e.g. mahak-camel-sync-mahak.
        service.setKubernetesResourceName(leaseName);
        // The pod name is the Lease's holderIdentity; the label finds the replicas that compete.
        service.setPodName(holder);
        int eq = podLabel.indexOf('=');
        if (eq > 0) {
            service.setClusterLabels(java.util.Map.of(podLabel.substring(0, eq), podLabel.substring(eq + 1)));
        }
        kubernetesNamespace.ifPresent(service::setKubernetesNamespace);
        service.setLeaseDurationMillis(leaseDuration.toMillis());
        // The leader gives up if it cannot renew within this deadline, before the lease lapses.
        service.setRenewDeadlineMillis(leaseDuration.toMillis() * 2 / 3);
        service.setRetryPeriodMillis(renewInterval.toMillis());
        return service;
    }
}
