package io.mahaksync.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link MariaDbTarget} with every batch of upserts taking MariaDB's bulk path (multi-row upsert statements), as
 * an initial load's full batches do; the tests' small pages would otherwise never reach it.
 */
public class MariaDbBulkTarget extends MariaDbTarget {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("mahak.target.bulk-min-rows", "1");
        return overrides;
    }
}
