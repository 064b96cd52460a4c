package io.mahaksync;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code mahak.dry-run=true}, the way integrators try a new site: Mahak and the drops are read, records are
 * validated and batched as usual, and the log and the drops' result files say what would be sent; but nothing
 * is sent to SaveAllData or Upload, nothing is stored in the mirror tables and no cursor moves. Outbox rows
 * stay pending (a real run sends them later) and drops stay in the inbox.
 */
@Singleton
@Named("dryRun")
public class DryRun {

    private static final Logger LOG = Logger.getLogger(DryRun.class);

    private final boolean enabled;

    DryRun(@ConfigProperty(name = "mahak.dry-run", defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            LOG.warn("Dry run (mahak.dry-run=true): nothing is sent to Mahak, stored in the mirror or moved; "
                    + "the log and the drops' result files say what would be");
        }
    }

    public boolean enabled() {
        return enabled;
    }
}
