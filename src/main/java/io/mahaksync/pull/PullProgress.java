package io.mahaksync.pull;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Logs a long pull's progress per entity every few seconds (records, pages, rate, cursor), so a
 * first sync of a large book is visibly moving.
 */
@Singleton
public class PullProgress {

    private static final Logger LOG = Logger.getLogger(PullProgress.class);

    private final PullSettings settings;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    PullProgress(PullSettings settings) {
        this.settings = settings;
    }

    void pageStored(PullCycle cycle) {
        long now = System.currentTimeMillis();
        double seconds = Math.max(0.001, cycle.elapsed().toMillis() / 1000.0);
        for (PullCycle.EntityProgress p : cycle.entities()) {
            if (p.pages() < 2) {
                continue; // a single-page delta is reported by the cycle's end line
            }
            long last = lastLogged.getOrDefault(p.entity().name(), 0L);
            if (now - last >= settings.progressIntervalMs()) {
                lastLogged.put(p.entity().name(), now);
                long records = p.upserted() + p.deleted();
                LOG.infof("Pulling %s: %,d records in %d pages, %,.0f records/s, cursor %d",
                        p.entity().name(), records, p.pages(), records / seconds, p.cursor());
            }
        }
    }
}
