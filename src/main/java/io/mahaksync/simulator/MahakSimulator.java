package io.mahaksync.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.fault.FaultKind;
import io.mahaksync.simulator.fault.FaultSettings;
import io.mahaksync.simulator.seed.SeedState;
import io.mahaksync.simulator.store.RecordState;
import io.mahaksync.simulator.store.RecordStore;
import io.mahaksync.simulator.store.SimulatorMeta;
import io.mahaksync.simulator.store.StoredRecord;
import io.mahaksync.simulator.store.StoredRecord.Origin;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.jboss.logging.Logger;

/**
 * The built-in Mahak simulator, for tests and tools in the same process. Inject it and:
 * <ul>
 * <li>{@link #reseed(long, int)}: throw everything away and generate {@code records} rows from {@code seed}
 * (a new database: Login answers a new {@code SyncId});</li>
 * <li>{@link #shiftRowVersions(long)}, {@link #snapshot()}, {@link #restoreSnapshot(boolean)}: what a restored
 * or rebuilt Mahak database does to row versions, for clients that must notice;</li>
 * <li>{@link #insert}, {@link #update}, {@link #delete}: change Mahak's side to drive deltas (each write takes
 * the next global row version; delete is logical);</li>
 * <li>{@link #count}, {@link #states}, {@link #record}: what Mahak holds now, e.g. to check that a target
 * equals it (id, row version and deleted per record, deleted ones included);</li>
 * <li>{@link #saved}: the records clients saved through SaveAllData; {@link #requestLog()}: recent calls;</li>
 * <li>{@link #faults()}: the live fault switches, token lifetime, cursor mode and dialect;
 * {@link #resetBehaviour()} puts them back to the configured values; {@link #expireTokens()}.</li>
 * </ul>
 * Entities are named by their CommitDataModel key ({@code people}, {@code orderDetails}); records are
 * camelCase contract JSON.
 */
@Singleton
public class MahakSimulator {

    private static final Logger LOG = Logger.getLogger(MahakSimulator.class);

    private final SimulatorConfig config;
    private final EntityCatalog catalog;
    private final SeedState seedState;
    private final RecordStore store;
    private final RecordMutations mutations;
    private final RecordJson recordJson;
    private final FaultSettings faults;
    private final RequestLog requestLog;
    private final TokenService tokens;
    private final SimulatorMeta meta;
    private final VisitorAssignments assignments;
    private volatile boolean stopping;

    public MahakSimulator(SimulatorConfig config, EntityCatalog catalog, SeedState seedState, RecordStore store,
            RecordMutations mutations, RecordJson recordJson, FaultSettings faults, RequestLog requestLog,
            TokenService tokens, SimulatorMeta meta, VisitorAssignments assignments) {
        this.meta = meta;
        this.config = config;
        this.catalog = catalog;
        this.seedState = seedState;
        this.store = store;
        this.mutations = mutations;
        this.recordJson = recordJson;
        this.faults = faults;
        this.requestLog = requestLog;
        this.tokens = tokens;
        this.assignments = assignments;
    }

    /**
     * Seeds (or resumes the stored data) beside the start instead of on its main thread: the rest of the start
     * does not wait for it. Every answer of the simulator (Login, GetAllData, its admin API) takes the seeded
     * data under the same lock, so none is given before the seed is complete, and the service's readiness, which
     * needs a successful Login, is not reported before it either. It begins as Camel begins to build its routes
     * (after {@link io.mahaksync.SettingsCheck}), so the seed overlaps the route building.
     */
    void seedAtStartup(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) BeforeConfigure event) {
        if (config.enabled() && config.seedOnStart()) {
            Thread seeding = new Thread(() -> {
                try {
                    seedState.generator();
                } catch (RuntimeException e) {
                    // the first request seeds again and answers the reason
                    if (stopping) {
                        LOG.infof("Simulator: seeding at start-up ended by the stop; the next start seeds again");
                    } else {
                        LOG.errorf("Simulator: seeding at start-up failed: %s", e.getMessage());
                    }
                }
            }, "simulator-seed");
            seeding.setDaemon(true);
            seeding.start();
        }
    }

    /** A stop closes the store under a seed that is still running: that is the stop, not a failure. */
    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Replaces all data with {@code records} generated rows (10 to 1,000,000) from {@code seed}. */
    public void reseed(long seed, int records) {
        seedState.reseed(seed, records);
        mutations.forgetIds();
    }

    /** The identity of the current database as Login answers it ({@code SyncId}); changes with every reseed. */
    public int syncId() {
        return seedState.syncId();
    }

    /** Adds {@code by} (may be negative) to every row version and to the counter; identity unchanged. */
    public void shiftRowVersions(long by) {
        seedState.generator();
        store.shiftRowVersions(by);
    }

    /** Keeps a copy of every record and of the row version counter, to restore later. */
    public void snapshot() {
        seedState.generator();
        meta.put(SimulatorMeta.SNAPSHOT_ROW_VERSION, store.snapshot());
    }

    /**
     * Puts the last snapshot back, row version counter included, as a Mahak database restored from a backup:
     * what changed since is gone and new writes reuse the versions handed out since. With {@code newIdentity}
     * Login answers a new SyncId; without, only the row versions show it.
     */
    public void restoreSnapshot(boolean newIdentity) {
        seedState.generator();
        store.restoreSnapshot(meta.getLong(SimulatorMeta.SNAPSHOT_ROW_VERSION, 0));
        mutations.forgetIds();
        if (newIdentity) {
            seedState.newIdentity();
        }
    }

    /**
     * Like {@link #reseed(long, int)}, with Login naming {@code visitorId} and that visitor assigned the first
     * {@code visitorShare} (0 to 1) of the people and product details; another visitor has the rest.
     */
    public void reseed(long seed, int records, int visitorId, double visitorShare) {
        seedState.reseed(seed, records, visitorId, visitorShare);
        mutations.forgetIds();
    }

    /** The visitor Login names now. */
    public int visitorId() {
        return seedState.generator().plan().visitorId();
    }

    public long seed() {
        return seedState.generator().plan().seed();
    }

    /** The highest row version handed out so far, over all entities. */
    public long lastRowVersion() {
        seedState.generator();
        return store.lastRowVersion();
    }

    /**
     * Inserts a record (camelCase fields, no id needed) as if entered in Mahak; returns it as stored. A person
     * or product detail is assigned to the Login visitor too, so that a client asking for it sees it.
     */
    public ObjectNode insert(String entity, ObjectNode fields) {
        EntityDef def = entity(entity);
        seedState.generator();
        StoredRecord created = mutations.insert(def, fields.deepCopy(), Origin.ADMIN);
        assignments.assign(def, created, visitorId()); // as if assigned in Bazara at once
        return recordJson.toContractJson(created);
    }

    /** Sets fields of a record (others kept) and gives it a new row version. */
    public ObjectNode update(String entity, int id, ObjectNode changes) {
        EntityDef def = entity(entity);
        ObjectNode copy = changes.deepCopy();
        copy.remove(def.idField());
        copy.remove(EntityDef.ROW_VERSION);
        return recordJson.toContractJson(mutations.update(def, existing(def, id), copy, Origin.ADMIN));
    }

    /** Logically deletes a record: deleted=true and a new row version. */
    public ObjectNode delete(String entity, int id) {
        EntityDef def = entity(entity);
        return recordJson.toContractJson(mutations.delete(def, existing(def, id), Origin.ADMIN));
    }

    /** The record as Mahak holds it, camelCase. */
    public Optional<ObjectNode> record(String entity, int id) {
        EntityDef def = entity(entity);
        seedState.generator();
        return store.findById(def.name(), id).map(recordJson::toContractJson);
    }

    /** Records of the entity, deleted ones included. */
    public long count(String entity) {
        EntityDef def = entity(entity);
        seedState.generator();
        return store.countsPerEntity().getOrDefault(def.name(), 0L);
    }

    /** Records per entity (deleted ones included), entities without records left out. */
    public Map<String, Long> counts() {
        seedState.generator();
        return store.countsPerEntity();
    }

    /** id, row version and deleted of every record of the entity, by id. */
    public List<RecordState> states(String entity) {
        EntityDef def = entity(entity);
        seedState.generator();
        return store.states(def.name());
    }

    /** The records of the entity that clients created or changed through SaveAllData, as stored now. */
    public List<ObjectNode> saved(String entity) {
        EntityDef def = entity(entity);
        seedState.generator();
        return store.byOrigin(def.name(), Origin.SAVE).stream().map(recordJson::toContractJson).toList();
    }

    public List<RequestLog.Entry> requestLog() {
        return requestLog.entries();
    }

    public void clearRequestLog() {
        requestLog.clear();
    }

    /** The live switches: fault rules ({@code faults().rule(FaultKind.RATE_LIMIT).set(...)}), lifetime, mode, dialect. */
    public FaultSettings faults() {
        return faults;
    }

    /** Sets one fault: fires on the next {@code next} calls to endpoints starting with {@code endpoint}, then on a fraction. */
    public void fault(FaultKind kind, double fraction, int next, String endpoint, long amount) {
        faults.rule(kind).set(fraction, next, endpoint, amount);
    }

    public void tokenLifetime(Duration lifetime) {
        faults.tokenLifetime(lifetime);
    }

    /** Every token issued so far gets HTTP 401 from now on. */
    public void expireTokens() {
        tokens.expireAll();
    }

    /** Faults, token lifetime, cursor mode and dialect back to the configured values. */
    public void resetBehaviour() {
        faults.reset();
    }

    private EntityDef entity(String name) {
        return catalog.find(name).orElseThrow(() -> new IllegalArgumentException("Unknown entity '" + name + "'"));
    }

    private StoredRecord existing(EntityDef def, int id) {
        seedState.generator();
        return store.findById(def.name(), id)
                .orElseThrow(() -> new NoSuchElementException("No " + def.name() + " with id " + id));
    }
}
