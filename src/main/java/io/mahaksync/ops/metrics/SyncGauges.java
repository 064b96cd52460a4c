package io.mahaksync.ops.metrics;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.ops.OpsSnapshot;
import io.mahaksync.pull.PullSettings;
import io.mahaksync.pull.SyncState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Gauges over {@code mahak_sync_state} and {@code mahak_dead_letter}, read through the cached
 * {@link OpsSnapshot}: cursor, seconds since the last successful pull, stored record and delete
 * totals per entity, and dead letters waiting per flow. Counters of this run's work
 * ({@code mahak.pull.records}, {@code mahak.push.records}) are kept by the flows themselves.
 */
@Singleton
public class SyncGauges {

    private final MeterRegistry registry;
    private final OpsSnapshot snapshot;
    private final PullSettings pull;
    private final Clock clock = Clock.systemUTC();
    private final Set<String> entities = ConcurrentHashMap.newKeySet();
    private final Set<String> flows = ConcurrentHashMap.newKeySet();

    SyncGauges(MeterRegistry registry, OpsSnapshot snapshot, PullSettings pull) {
        this.registry = registry;
        this.snapshot = snapshot;
        this.pull = pull;
    }

    void onStart(@Observes StartupEvent event) {
        for (EntityDef e : pull.entities()) {
            register(e.name());
        }
        // the flows that write dead letters today; others appear when first seen
        registerFlow("pull");
        registerFlow("push");
        Gauge.builder("mahak.ops.state.read.failed", this, g -> g.snapshot.get().error() == null ? 0 : 1)
                .description("1 when the last read of mahak_sync_state / mahak_dead_letter failed")
                .register(registry);
    }

    private void register(String entity) {
        if (!entities.add(entity)) {
            return;
        }
        entityGauge("mahak.sync.cursor", entity, "The entity's stored cursor (highest RowVersion stored)",
                SyncState::rowVersion);
        entityGauge("mahak.sync.lag.seconds", entity, "Seconds since the entity's last successful pull (NaN: never)",
                s -> s.lastSuccessAt() == null ? Double.NaN
                        : (clock.millis() - s.lastSuccessAt().toEpochMilli()) / 1000.0);
        entityGauge("mahak.sync.stored.records", entity, "Records upserted for the entity since its first sync",
                SyncState::recordsTotal);
        entityGauge("mahak.sync.stored.deleted", entity, "Deletions applied for the entity since its first sync",
                SyncState::deletedTotal);
        entityGauge("mahak.sync.last.cycle.records", entity, "Records the entity's last complete pull cycle brought",
                SyncState::lastCycleRecords);
        entityGauge("mahak.sync.failing", entity, "1 when the entity's last pull attempt failed",
                s -> s.lastError() == null ? 0 : 1);
        // Counters of rare events start at 0, so that a dashboard's rate() and an alert on increase() see them
        // before the first one happens (the flows increment the same meters).
        for (String outcome : new String[] {"missing", "extra", "stale", "backwards"}) {
            registry.counter("mahak.verify.rows", "entity", entity, "outcome", outcome);
        }
        for (String cause : new String[] {"identity", "backwards"}) {
            registry.counter("mahak.source.resets", "entity", entity, "cause", cause);
        }
    }

    private void entityGauge(String name, String entity, String description, ToDoubleFunction<SyncState> value) {
        Gauge.builder(name, this, g -> g.current(entity, value)).tag("entity", entity).description(description)
                .register(registry);
    }

    private double current(String entity, ToDoubleFunction<SyncState> value) {
        OpsSnapshot.Snapshot s = snapshot.get();
        s.states().forEach(st -> register(st.entity()));
        s.deadLettersWaitingByFlow().keySet().forEach(this::registerFlow);
        return s.state(entity).map(value::applyAsDouble).orElse(Double.NaN);
    }

    private void registerFlow(String flow) {
        if (flows.add(flow)) {
            Gauge.builder("mahak.dead.letters.waiting", this, g -> {
                Map<String, Long> byFlow = g.snapshot.get().deadLettersWaitingByFlow();
                return byFlow.getOrDefault(flow, 0L);
            }).tag("flow", flow).description("Dead letters waiting for an operator").register(registry);
        }
    }
}
