package io.mahaksync.ops.leader;

import io.mahaksync.targetdb.TargetDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Chooses the Camel cluster service behind every {@code master:<namespace>:...} route from
 * {@code mahak.leader.mode}. Camel main adds any {@link CamelClusterService} found in the registry
 * to the context, and the master component finds it there, so routes need no other wiring.
 */
@Singleton
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    /** The namespace the product's own routes use: {@code master:mahak:timer:...}. */
    public static final String NAMESPACE = "mahak";

    private final LeaderMode mode;
    private final Duration leaseDuration;
    private final Duration renewInterval;
    private final String holder;
    private final Optional<String> configuredHolder;
    private final TargetDatabase target;
    private final KubernetesLeaseSettings kubernetes;

    LeaderElection(@ConfigProperty(name = "mahak.leader.mode", defaultValue = "none") String mode,
            @ConfigProperty(name = "mahak.leader.lease-duration", defaultValue = "PT15S") Duration leaseDuration,
            @ConfigProperty(name = "mahak.leader.renew-interval", defaultValue = "PT5S") Duration renewInterval,
            @ConfigProperty(name = "mahak.leader.holder-id") Optional<String> holder,
            TargetDatabase target, KubernetesLeaseSettings kubernetes) {
        this.mode = LeaderMode.parse(mode);
        this.leaseDuration = leaseDuration;
        this.renewInterval = renewInterval;
        this.configuredHolder = holder.filter(h -> !h.isBlank());
        this.holder = configuredHolder.orElseGet(LeaderElection::defaultHolder);
        this.target = target;
        this.kubernetes = kubernetes;
    }

    /** The host name (the pod name in Kubernetes) and process id: unique among replicas. */
    static String defaultHolder() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "unknown-host";
            }
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    @Produces
    @Singleton
    @Unremovable
    @Named("mahakClusterService")
    CamelClusterService clusterService() {
        CamelClusterService service = switch (mode) {
            case NONE -> new SoloClusterService(holder);
            case DATABASE -> new DatabaseLeaseClusterService(new LeaseTable(target.dataSource(), target.dialect()),
                    holder, leaseDuration, renewInterval);
            // The Lease's holder must be the pod name itself (HOSTNAME), which camel-kubernetes looks up.
            case KUBERNETES -> kubernetes.createService(configuredHolder.orElse(System.getenv().getOrDefault("HOSTNAME", holder)),
                    leaseDuration, renewInterval);
        };
        LOG.infof("Leader election: mode %s, this instance is '%s'", mode.name().toLowerCase(), holder);
        return service;
    }

    /** The {@code master:} component: routes from {@code master:<namespace>:...} consume only on the leader. */
    @Produces
    @Singleton
    @Unremovable
    @Named("master")
    Component masterComponent() {
        return new LeaderOnlyComponent();
    }

    public LeaderMode mode() {
        return mode;
    }

    public String holder() {
        return holder;
    }

    /**
     * Joins the election for the product's namespace at start, whether or not a route uses
     * {@code master:mahak:...} yet, so that the admin API and the {@code mahak.leader} gauge know
     * who leads. The view is kept for the life of the context.
     */
    void joinAtStart(@Observes StartupEvent event, CamelContext context, MeterRegistry registry) {
        for (CamelClusterService service : context.hasServices(CamelClusterService.class)) {
            try {
                service.getView(NAMESPACE);
            } catch (Exception e) {
                LOG.warnf("Could not join the election for '%s': %s", NAMESPACE, e.getMessage());
            }
        }
        Gauge.builder("mahak.leader", this, l -> l.isLeader(context, NAMESPACE) ? 1 : 0).tag("namespace", NAMESPACE)
                .description("1 while this instance is the active runner (leads the master: namespace)")
                .register(registry);
    }

    /** Whether this instance leads the namespace now (always true in mode none). */
    public boolean isLeader(CamelContext context, String namespace) {
        if (mode == LeaderMode.NONE) {
            return true;
        }
        for (CamelClusterService service : context.hasServices(CamelClusterService.class)) {
            if (service.getNamespaces().contains(namespace)) {
                return service.isLeader(namespace);
            }
        }
        return false;
    }

    /** The current leader's id, when known. */
    public Optional<String> leaderOf(CamelContext context, String namespace) {
        for (CamelClusterService service : context.hasServices(CamelClusterService.class)) {
            if (service.getNamespaces().contains(namespace)) {
                try {
                    CamelClusterView view = service.getView(namespace);
                    try {
                        return view.getLeader().map(m -> m.getId());
                    } finally {
                        service.releaseView(view);
                    }
                } catch (Exception e) {
                    return Optional.empty();
                }
            }
        }
        return mode == LeaderMode.NONE ? Optional.of(holder) : Optional.empty();
    }
}
