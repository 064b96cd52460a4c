package io.mahaksync.push;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Dry run ({@code mahak.dry-run=true}): says in the log what a batch would send, in place of SaveAllData. The
 * batch was formed as for real but neither journalled nor claimed, so its records stay pending.
 */
@Singleton
@Named("pushDryRun")
public class PushDryRun {

    private static final Logger LOG = Logger.getLogger(PushDryRun.class);

    private final PushSender sender;
    /** Batches already reported: a service in dry run polls the outbox again and again, and says each once. */
    private final java.util.Set<List<Long>> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public PushDryRun(PushSender sender) {
        this.sender = sender;
    }

    /** A batch the walk formed: reported under a dry-run id, neither journalled nor claimed. */
    public void report(PushBatchDraft draft) {
        report(draft.toBatch("dry-run-" + java.util.UUID.randomUUID()));
    }

    public void report(PushBatch batch) {
        if (!reported.add(batch.rows().stream().map(OutboxRow::id).sorted().toList())) {
            LOG.debugf("Dry run: would send %s again", batch);
            return;
        }
        String entities = batch.byEntity().entrySet().stream().map(PushDryRun::describe)
                .collect(Collectors.joining("; "));
        LOG.infof("Dry run: would send SaveAllData with %d record(s) of %s: %s", batch.rows().size(), batch.scope(),
                entities);
        LOG.debugf("Dry run: the request would be %s", sender.commitData(batch));
    }

    private static String describe(Map.Entry<String, List<OutboxRow>> e) {
        return e.getKey() + " " + e.getValue().size() + " (client ids " + e.getValue().stream()
                .map(r -> String.valueOf(r.clientId())).collect(Collectors.joining(", ")) + ")";
    }
}
