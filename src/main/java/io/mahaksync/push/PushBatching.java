package io.mahaksync.push;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The aggregation strategy of {@code push-walk}: groups into SaveAllData batches, and their completion. A group
 * is never split; one that would take a batch over {@code mahak.push.batch-size}, one of another send rank
 * (orders after the people they name), or the end of the walk closes the batch before it. A group bigger than
 * a batch goes alone. A completed batch is queued on its walk ({@link PushWalk}, exchange property
 * {@code pushWalk}), which sends it.
 */
@Singleton
@Named("pushBatching")
public class PushBatching implements AggregationStrategy {

    private final PushSettings settings;

    PushBatching(PushSettings settings) {
        this.settings = settings;
    }

    @Override
    public Exchange aggregate(Exchange batch, Exchange next) {
        PushGroup group = next.getMessage().getBody(PushGroup.class);
        if (batch == null || batch.getMessage().getBody(PushBatchDraft.class).isEmpty()) {
            PushBatchDraft draft = new PushBatchDraft(next.getProperty("pushScope", String.class));
            draft.add(group);
            next.getMessage().setBody(draft);
            return next;
        }
        batch.getMessage().getBody(PushBatchDraft.class).add(group);
        return batch;
    }

    /**
     * A batch is complete: it joins its walk's queue of batches to send, here and now. (The aggregate's own
     * output runs later, queued behind the walk's next steps, too late for the walk to see it.)
     */
    @Override
    public void onCompletion(Exchange batch) {
        PushWalk walk = batch.getProperty("pushWalk", PushWalk.class);
        walk.formed(batch.getMessage().getBody(PushBatchDraft.class));
    }

    @Override
    public boolean canPreComplete() {
        return true;
    }

    /**
     * True when the open batch is complete and the group starts the next one: the group would take it over
     * {@code mahak.push.batch-size}, or is of the next send rank, or is the end of the walk. (With a strategy
     * that pre-completes, Camel decides completion here only.)
     */
    @Override
    public boolean preComplete(Exchange batch, Exchange next) {
        if (batch == null) {
            return false;
        }
        PushGroup group = next.getMessage().getBody(PushGroup.class);
        PushBatchDraft draft = batch.getMessage().getBody(PushBatchDraft.class);
        if (draft.isEmpty()) {
            return false;
        }
        if (group.isEnd()) {
            draft.add(group); // closed by the end of the walk: the wait rule (mahak.push.batch-wait) applies to it
            return true;
        }
        return group.rank() != draft.rank() || draft.getRecords() + group.size() > settings.batchSize();
    }
}
