package io.mahaksync.simulator.seed;

import io.mahaksync.simulator.SimulatorConfig;
import io.mahaksync.simulator.store.RecordStore;
import io.mahaksync.simulator.store.SimulatorDatabase;
import io.mahaksync.simulator.store.SimulatorMeta;
import jakarta.inject.Singleton;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Which plan the store was seeded with, and which simulated database that is. Seeds lazily with the
 * configured seed and size when asked first; a store kept in a file that already holds records is resumed
 * instead (its plan and identity come from {@code sim_meta}). Every seeding is a new database: it gets a
 * new {@code SyncId}, which Login answers, so a client can tell that its cursors belong to another one.
 */
@Singleton
public class SeedState {

    private static final Logger LOG = Logger.getLogger(SeedState.class);

    private final SimulatorConfig config;
    private final Seeder seeder;
    private final RecordStore store;
    private final SimulatorDatabase database;
    private final SimulatorMeta meta;
    private volatile SeedDataGenerator generator;
    private volatile int syncId;

    public SeedState(SimulatorConfig config, Seeder seeder, RecordStore store, SimulatorDatabase database,
            SimulatorMeta meta) {
        this.config = config;
        this.seeder = seeder;
        this.store = store;
        this.database = database;
        this.meta = meta;
    }

    /** The generator of the current data, seeding (or resuming a file store) first if needed. */
    public SeedDataGenerator generator() {
        SeedDataGenerator current = generator;
        if (current == null) {
            synchronized (this) {
                if (generator == null && !resume()) {
                    reseed(config.seed(), config.records());
                }
                current = generator;
            }
        }
        return current;
    }

    public boolean seeded() {
        return generator != null;
    }

    /** The identity of the current data set, as Login answers it ({@code SyncId}). */
    public int syncId() {
        generator();
        return syncId;
    }

    /** Throws away all records (seeded, saved and mutated) and seeds afresh, with the configured visitor: a new database. */
    public synchronized void reseed(long seed, int records) {
        reseed(seed, records, config.visitorId(), config.visitorShare());
    }

    /** Like {@link #reseed(long, int)}, the Login visitor given {@code visitorShare} of people and products. */
    public synchronized void reseed(long seed, int records, int visitorId, double visitorShare) {
        SeedDataGenerator next = new SeedDataGenerator(new SeedPlan(seed, records, visitorId, visitorShare));
        seeder.seed(next);
        int previous = syncId;
        int fresh;
        do {
            fresh = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (fresh == previous);
        meta.put(SimulatorMeta.SEED, seed);
        meta.put(SimulatorMeta.RECORDS, records);
        meta.put(SimulatorMeta.SYNC_ID, fresh);
        syncId = fresh;
        generator = next;
    }

    /** Gives the current data a new identity without changing it (a database replaced by a copy of itself). */
    public synchronized void newIdentity() {
        generator();
        int fresh;
        do {
            fresh = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (fresh == syncId);
        meta.put(SimulatorMeta.SYNC_ID, fresh);
        syncId = fresh;
    }

    /** A file store that already holds records goes on with them, its plan and its identity. */
    private boolean resume() {
        if (!database.persistent()) {
            return false;
        }
        var seed = meta.get(SimulatorMeta.SEED);
        var records = meta.get(SimulatorMeta.RECORDS);
        var id = meta.get(SimulatorMeta.SYNC_ID);
        if (seed.isEmpty() || records.isEmpty() || id.isEmpty() || !store.resume()) {
            return false;
        }
        generator = new SeedDataGenerator(new SeedPlan(Long.parseLong(seed.get()), Integer.parseInt(records.get()),
                config.visitorId(), config.visitorShare()));
        syncId = Integer.parseInt(id.get());
        LOG.infof("Simulator: resumed the stored Mahak data (seed %s, %s records generated, last row version %d)",
                seed.get(), records.get(), store.lastRowVersion());
        return true;
    }
}
