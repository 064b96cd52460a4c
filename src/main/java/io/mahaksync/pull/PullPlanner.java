package io.mahaksync.pull;

import io.mahaksync.StopSignal;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.scrub.Scrubber;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

/**
 * Decides what a pull cycle covers: the entities whose interval has passed (timer), or the ones
 * asked for (admin, run-once), each starting from its stored cursor. Logs one line per entity
 * when a cycle ends.
 */
@Singleton
@Named("pullPlanner")
public class PullPlanner {

    private static final Logger LOG = Logger.getLogger(PullPlanner.class);

    private final PullSettings settings;
    private final EntityCatalog catalog;
    private final CursorStore cursors;
    private final SourceGuard sourceGuard;
    private final EntityVerifier verifier;
    private final EmptyEntities empty;
    private final io.mahaksync.DryRun dryRun;
    private final StopSignal stopSignal;
    private final Map<String, Instant> lastStarted = new ConcurrentHashMap<>();

    PullPlanner(PullSettings settings, EntityCatalog catalog, CursorStore cursors, SourceGuard sourceGuard,
            EntityVerifier verifier, EmptyEntities empty, io.mahaksync.DryRun dryRun, StopSignal stopSignal) {
        this.settings = settings;
        this.stopSignal = stopSignal;
        this.catalog = catalog;
        this.cursors = cursors;
        this.sourceGuard = sourceGuard;
        this.verifier = verifier;
        this.empty = empty;
        this.dryRun = dryRun;
    }

    /** The configured entities whose interval has passed since they were last started. */
    public List<String> dueEntities() {
        List<String> due = new ArrayList<>();
        if (!settings.enabled() || settings.runOnce()) {
            return due; // run-once mode drives its single cycle itself
        }
        Instant now = Instant.now();
        for (EntityDef e : settings.entities()) {
            Instant last = lastStarted.get(e.name());
            if (last == null || !now.isBefore(last.plus(settings.interval(e)))) {
                due.add(e.name());
            }
        }
        return due;
    }

    /** The entities asked for by name, or every configured entity when none are named. */
    public List<String> requested(Object names) {
        List<String> out = new ArrayList<>();
        if (names instanceof Iterable<?> list) {
            list.forEach(n -> out.add(catalog.get(String.valueOf(n)).name()));
        } else if (names instanceof String s && !s.isBlank()) {
            for (String n : s.split(",")) {
                out.add(catalog.get(n.trim()).name());
            }
        }
        if (out.isEmpty()) {
            settings.entities().forEach(e -> out.add(e.name()));
        }
        return out;
    }

    /**
     * A cycle over these entities, each from its stored cursor. Entities whose cursors belong to another
     * Mahak database are left out while stopped, or re-synced first ({@link SourceGuard}).
     */
    public PullCycle startCycle(List<String> names) {
        Instant now = Instant.now();
        names.forEach(n -> lastStarted.put(n, now));
        Map<String, Long> stored = cursors.cursors(names);
        SourceGuard.Admission admission;
        try {
            admission = sourceGuard.admit(names, stored);
        } catch (io.mahaksync.client.MahakConfigurationException refused) {
            cursors.recordFailure(names, refused.getMessage());
            throw refused;
        }
        if (!admission.toResync().isEmpty()) {
            admission.toResync().forEach(verifier::resync);
            stored = cursors.cursors(names);
        }
        // Row versions that went backwards behind an unchanged identity (a restored database) show in a cheap probe.
        java.util.Set<String> stoppedNow = verifier.probeForBackwards(admission.admitted(), stored);
        stored = cursors.cursors(names);
        Map<EntityDef, Long> start = new LinkedHashMap<>();
        for (String n : names) {
            if ((admission.admitted().contains(n) && !stoppedNow.contains(n)) || admission.toResync().contains(n)) {
                start.put(catalog.get(n), stored.getOrDefault(n, 0L));
            }
        }
        return new PullCycle(start);
    }

    /** One line per entity of a cycle that failed: how far it got, and why. */
    public void failCycle(@ExchangeProperty(PageRequests.CYCLE) PullCycle cycle, @Body Object body, Exception failure) {
        String reason = failure == null ? "unknown error" : Scrubber.scrub(failure.getMessage());
        if (stopSignal.stopping()) {
            // what the stop ended is not a failure of each entity: one line, the pages stored so far stay stored
            LOG.infof("Pull cycle %s ended by the stop (%s); the next start goes on from the stored cursors",
                    cycle == null ? Scrubber.scrub(String.valueOf(body)) : cycle.entityNames(), reason);
        } else if (cycle != null) {
            for (PullCycle.EntityProgress p : cycle.entities()) {
                LOG.warnf("Pull cycle %s failed: %d upserted, %d deleted in %d page(s), cursor %d, %d ms: %s",
                        p.entity().name(), p.upserted(), p.deleted(), p.pages(), p.cursor(), cycle.elapsed().toMillis(),
                        reason);
            }
        } else {
            LOG.warnf("Pull cycle %s failed before it started: %s", Scrubber.scrub(String.valueOf(body)), reason);
        }
    }

    /** One line per entity: what the cycle brought and how long it took; an entity still empty is said once. */
    public PullCycle finishCycle(PullCycle cycle) {
        long ms = cycle.elapsed().toMillis();
        for (PullCycle.EntityProgress p : cycle.entities()) {
            if (dryRun.enabled()) {
                LOG.infof("Dry run, pull cycle %s: %d would be upserted, %d deleted in %d page(s), cursor would be %d, "
                        + "%d ms; nothing stored", p.entity().name(), p.upserted(), p.deleted(), p.pages(), p.cursor(), ms);
                continue;
            }
            LOG.infof("Pull cycle %s: %d upserted, %d deleted in %d page(s), cursor %d, %d ms",
                    p.entity().name(), p.upserted(), p.deleted(), p.pages(), p.cursor(), ms);
            cursors.cycleFinished(p.entity().name(), p.upserted() + p.deleted());
            empty.cycleFinished(p.entity(), p.startCursor(), p.upserted() + p.deleted());
        }
        // A 401 during the cycle logs in again: the new Login may name another database.
        SourceGuard.Admission after = sourceGuard.recheck(cycle.entityNames(), cursors.cursors(cycle.entityNames()));
        after.toResync().forEach(verifier::resync);
        if (settings.runOnce()) {
            Map<String, String> stopped = new LinkedHashMap<>(sourceGuard.stoppedEntities());
            stopped.keySet().retainAll(settings.entities().stream().map(EntityDef::name).toList());
            if (!stopped.isEmpty()) {
                throw new IllegalStateException(String.join(" | ", stopped.values()));
            }
        }
        return cycle;
    }
}
