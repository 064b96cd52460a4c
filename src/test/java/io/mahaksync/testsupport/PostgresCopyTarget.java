package io.mahaksync.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link PostgresTarget} with every batch of upserts taking PostgreSQL's bulk path (COPY into a staging table,
 * then one upsert), as an initial load's full batches do; the tests' small pages would otherwise never reach it.
 */
public class PostgresCopyTarget extends PostgresTarget {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("mahak.target.bulk-min-rows", "1");
        return overrides;
    }
}
