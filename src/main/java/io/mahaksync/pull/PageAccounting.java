package io.mahaksync.pull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;

/**
 * After a page committed, the cycle moves on: cursors forward, and an entity whose page brought nothing
 * newer is caught up. Counts the stored records in the metrics and reports the progress.
 */
@Singleton
@Named("pageAccounting")
public class PageAccounting {

    private final PullSettings settings;
    private final PullProgress progress;
    private final MeterRegistry meters;

    PageAccounting(PullSettings settings, PullProgress progress, MeterRegistry meters) {
        this.settings = settings;
        this.progress = progress;
        this.meters = meters;
    }

    public void moveOn(Exchange exchange) {
        PullPage page = exchange.getProperty(PullPage.PROPERTY, PullPage.class);
        PullCycle cycle = page.cycle;
        ObjectNode request = page.request;
        for (PullCycle.EntityProgress p : cycle.entitiesBehind()) {
            String name = p.entity().name();
            PullPage.Tally t = page.tallies.get(name);
            EntityBatch b = page.batches.get(name);
            p.pages++;
            long from = request.path(p.entity().requestField()).asLong();
            boolean redelivered = t != null && t.redelivered > 0 && from == p.cursor && p.cursor > 0;
            p.askPastCursor = false;
            if (t == null || t.newer == 0) {
                // A full page of nothing but the record at the cursor proves nothing yet: the server is
                // inclusive (it sent the cursor's record), so cursor + 1 brings what is newer, if anything.
                p.askPastCursor = redelivered && t.records >= settings.pageSize();
                p.caughtUp = !p.askPastCursor;
                continue;
            }
            p.cursor = t.maxRowVersion;
            if (b == null) {
                continue; // every record of the page was dropped by a step: nothing stored, the cursor moved
            }
            long live = b.upserted - (settings.hardDelete() ? 0 : b.deleted);
            p.upserted += live;
            p.deleted += b.deleted;
            meters.counter("mahak.pull.records", "entity", name, "outcome", "upserted").increment(live);
            meters.counter("mahak.pull.records", "entity", name, "outcome", "deleted").increment(b.deleted);
            meters.counter("mahak.pull.records", "entity", name, "outcome", "skipped").increment(b.skipped);
            meters.counter("mahak.pull.records", "entity", name, "outcome", "escaped").increment(b.escaped);
            meters.counter("mahak.pull.records", "entity", name, "outcome", "dead_lettered").increment(b.deadLettered);
        }
        progress.pageStored(cycle);
    }
}
