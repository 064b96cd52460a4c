package io.mahaksync.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link PostgresTarget} with PostgreSQL's bulk path on (COPY into a staging table, then one upsert; off by
 * default) for every batch of upserts; the tests' small pages would otherwise never reach it.
 */
public class PostgresCopyTarget extends PostgresTarget {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("mahak.target.postgresql-copy", "true");
        overrides.put("mahak.target.bulk-min-rows", "1");
        return overrides;
    }
}
