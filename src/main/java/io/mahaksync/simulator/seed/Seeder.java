package io.mahaksync.simulator.seed;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.store.RecordStore;
import io.mahaksync.simulator.store.SimulatorStoreException;
import io.mahaksync.simulator.store.StoredRecord;
import io.mahaksync.simulator.store.StoredRecord.Origin;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * Fills the store from a plan. Only key columns are written (the payload is generated on read), in JDBC
 * batches, so a million rows take seconds. Row versions are drawn in plan order: parents first.
 */
@Singleton
public class Seeder {

    private static final int BATCH = 2000;

    private final RecordStore store;
    private final EntityCatalog catalog;

    public Seeder(RecordStore store, EntityCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    public void seed(SeedDataGenerator generator) {
        store.writeLock().lock();
        try {
            store.clear();
            long rowVersion = 0;
            try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(RecordStore.insertSql())) {
                c.setAutoCommit(false);
                int pending = 0;
                for (Map.Entry<String, Integer> e : generator.plan().counts().entrySet()) {
                    EntityDef def = catalog.get(e.getKey());
                    for (int id = 1; id <= e.getValue(); id++) {
                        Integer code = def.codeField() == null ? null : SeedDataGenerator.codeOf(id);
                        RecordStore.bind(ps, new StoredRecord(def.name(), id, null, code, ++rowVersion,
                                generator.deleted(def.name(), id), Origin.SEED, null));
                        ps.addBatch();
                        if (++pending == BATCH) {
                            ps.executeBatch();
                            c.commit();
                            pending = 0;
                        }
                    }
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                throw new SimulatorStoreException("Cannot seed the simulator's store", e);
            }
            store.rowVersionsUsedUpTo(rowVersion);
        } finally {
            store.writeLock().unlock();
        }
    }
}
