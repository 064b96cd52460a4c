package io.mahaksync.simulator.seed;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.store.RecordStore;
import io.mahaksync.simulator.store.SimulatorStoreException;
import io.mahaksync.simulator.store.StoredRecord.Origin;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * Fills the store from a plan. Only key columns are written (the payload is generated on read), by one
 * INSERT ... SELECT over a number range per entity, so a million rows take seconds and no Java objects per
 * row. Row versions are drawn in plan order: parents first. About 2% of rows are logically deleted, picked
 * by a hash of the id and the seed.
 */
@Singleton
public class Seeder {

    /** Deleted when (id * PRIME + salt) mod 1000 is below this: 20 in every 1000 consecutive ids. */
    private static final int DELETED_PER_MILLE = 20;
    private static final String INSERT_RANGE = "INSERT INTO sim_record"
            + " (entity, id, client_id, code, row_version, deleted, origin, payload)"
            + " SELECT CAST(? AS VARCHAR(64)), X, NULL,"
            + " CASE WHEN CAST(? AS BOOLEAN) THEN X + " + SeedDataGenerator.CODE_OFFSET + " END,"
            + " CAST(? AS BIGINT) + X, CAST(? AS BOOLEAN) AND MOD(X * 7919 + CAST(? AS BIGINT), 1000) < "
            + DELETED_PER_MILLE + ", " + Origin.SEED.ordinal() + ", NULL"
            + " FROM SYSTEM_RANGE(1, CAST(? AS BIGINT))";

    /** Entities whose seeded rows are never deleted: the visitors and what is assigned to them. */
    private static final Set<String> NEVER_DELETED = Set.of("visitors", "visitorPeople", "visitorProducts");

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
            try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(INSERT_RANGE)) {
                for (Map.Entry<String, Integer> e : generator.plan().counts().entrySet()) {
                    EntityDef def = catalog.get(e.getKey());
                    ps.setString(1, def.name());
                    ps.setBoolean(2, def.codeField() != null);
                    ps.setLong(3, rowVersion);
                    ps.setBoolean(4, !NEVER_DELETED.contains(def.name()));
                    ps.setLong(5, Math.floorMod(generator.plan().seed() * 31 + def.name().hashCode(), 1000));
                    ps.setLong(6, e.getValue());
                    ps.executeUpdate();
                    rowVersion += e.getValue();
                }
            } catch (SQLException e) {
                throw new SimulatorStoreException("Cannot seed the simulator's store", e);
            }
            store.bulkInsertDone(rowVersion);
        } finally {
            store.writeLock().unlock();
        }
    }
}
