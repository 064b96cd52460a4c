package io.mahaksync.simulator.seed;

import io.mahaksync.simulator.SimulatorConfig;
import jakarta.inject.Singleton;

/** Which plan the store was seeded with; seeds lazily with the configured seed and size when asked first. */
@Singleton
public class SeedState {

    private final SimulatorConfig config;
    private final Seeder seeder;
    private volatile SeedDataGenerator generator;

    public SeedState(SimulatorConfig config, Seeder seeder) {
        this.config = config;
        this.seeder = seeder;
    }

    /** The generator of the current data, seeding first with the configured seed and size if needed. */
    public SeedDataGenerator generator() {
        SeedDataGenerator current = generator;
        if (current == null) {
            synchronized (this) {
                if (generator == null) {
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

    /** Throws away all records (seeded, saved and mutated) and seeds afresh, with the configured visitor. */
    public synchronized void reseed(long seed, int records) {
        reseed(seed, records, config.visitorId(), config.visitorShare());
    }

    /** Like {@link #reseed(long, int)}, the Login visitor given {@code visitorShare} of people and products. */
    public synchronized void reseed(long seed, int records, int visitorId, double visitorShare) {
        SeedDataGenerator next = new SeedDataGenerator(new SeedPlan(seed, records, visitorId, visitorShare));
        seeder.seed(next);
        generator = next;
    }
}
