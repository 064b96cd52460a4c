package io.mahaksync.simulator.store;

import io.mahaksync.simulator.store.StoredRecord.Origin;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads and writes the simulator's records. Writes take one lock and draw their row version from one
 * counter, so row versions are unique, grow across all entities like one database counter, and become
 * visible in the order they were drawn (a reader never sees version 10 before version 9). A caller that writes
 * many records at once (SaveAllData) runs them in {@link #inOneTransaction}: one connection, its statements
 * prepared once, one commit.
 */
@Singleton
public class RecordStore {

    private static final String COLUMNS = "entity, id, client_id, code, row_version, deleted, origin, payload";

    private final SimulatorDatabase database;
    private final AtomicLong lastRowVersion = new AtomicLong();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Bumped whenever the store is emptied; with {@link #lastWrites} it tells a cache whether an entity changed. */
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Long> lastWrites = new ConcurrentHashMap<>();
    private final Map<Long, ClientIdHolder> clientIds = new ConcurrentHashMap<>();
    /**
     * Rows written with a client id another row held first (an update may set any client id), so that every row
     * that ever held a client id is a candidate for {@link #findByClientId} without an index. Rare; guarded by the
     * write lock.
     */
    private final Map<Long, List<ClientIdHolder>> laterClientIdHolders = new HashMap<>();
    /**
     * The ids each entity holds, loaded from the table when first asked and forgotten whenever rows change in bulk
     * (clear, seed, resume, restore), so that SaveAllData checks a reference without a query. Guarded by the write lock.
     */
    private final Map<String, BitSet> presentIds = new HashMap<>();
    /**
     * Per entity, each code and the lowest id holding it, loaded from the table when first asked and kept up to date by
     * every write, so that a reference by code needs no index on the table: H2 maintaining (entity, code) and
     * (entity, client_id) indexes on every insert and commit was a third of SaveAllData's time. Forgotten with
     * {@link #presentIds}; a holder whose code changed since is found out by {@link #findByCode}. Guarded by the write lock.
     */
    private final Map<String, Map<Integer, Integer>> codeHolders = new HashMap<>();
    /** The transaction the current thread writes in ({@link #inOneTransaction}), or none. */
    private final ThreadLocal<Transaction> transaction = new ThreadLocal<>();

    /** A record's key. */
    private record RowKey(String entity, int id) {
    }

    /**
     * One connection held for a run of reads and writes, its prepared statements, and what it wrote: the latest
     * state of each row written, which is what the table holds for it until the commit, as nobody else writes.
     */
    private static final class Transaction {
        final Connection connection;
        final Map<String, PreparedStatement> statements = new HashMap<>();
        final List<StoredRecord> written = new ArrayList<>();
        final Map<RowKey, StoredRecord> latest = new HashMap<>();

        Transaction(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                statements.put(sql, ps);
            }
            return ps;
        }
    }

    /** What runs against one prepared statement. */
    private interface StatementWork<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    public RecordStore(SimulatorDatabase database) {
        this.database = database;
    }

    /** The lock every writer holds; callers that check then write (SaveAllData) hold it across both. */
    public ReentrantLock writeLock() {
        return writeLock;
    }

    public long lastRowVersion() {
        return lastRowVersion.get();
    }

    /** Draws the next row version; call it while holding {@link #writeLock()}. */
    public long nextRowVersion() {
        return lastRowVersion.incrementAndGet();
    }

    /** Empties the store (a fresh schema) and restarts the row version counter. */
    public void clear() {
        writeLock.lock();
        try {
            database.recreateSchema();
            lastRowVersion.set(0);
            lastWrites.clear();
            clientIds.clear();
            laterClientIdHolders.clear();
            forgetIdsAndCodes();
            generation.incrementAndGet();
        } finally {
            writeLock.unlock();
        }
    }

    /** Forgets the ids and codes known per entity: rows changed in bulk (or did not commit); they are read again when asked. */
    private void forgetIdsAndCodes() {
        presentIds.clear();
        codeHolders.clear();
    }

    /** Indexes the rows bulk-inserted with versions up to {@code rowVersion} and continues the counter after them. */
    public void bulkInsertDone(long rowVersion) {
        database.createIndexes();
        forgetIdsAndCodes();
        lastRowVersion.accumulateAndGet(rowVersion, Math::max);
    }

    public Connection connect() throws SQLException {
        return database.connect();
    }

    /**
     * Runs {@code work} holding the write lock, with every read and write of this store on this thread in one
     * transaction, committed at the end whatever happened (a write that failed was undone by itself, as with
     * auto-commit, and the ones before it stay). Readers see all its writes at once at the commit, so row versions
     * still become visible in order. SaveAllData saves a request this way: a connection taken from the pool, a
     * statement prepared and a commit for each lookup and insert were most of its time.
     */
    public <T> T inOneTransaction(Supplier<T> work) {
        writeLock.lock();
        try {
            if (transaction.get() != null) {
                return work.get(); // already inside one
            }
            Transaction t = begin();
            transaction.set(t);
            try {
                return work.get();
            } finally {
                transaction.remove();
                end(t);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private Transaction begin() {
        try {
            Connection c = connect();
            c.setAutoCommit(false);
            return new Transaction(c);
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot begin a transaction", e);
        }
    }

    /** Commits and hands the connection back; only then are the writes announced to caches ({@link #changeStamp}). */
    private void end(Transaction t) {
        try (Connection c = t.connection) {
            for (PreparedStatement ps : t.statements.values()) {
                ps.close();
            }
            c.commit();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            forgetIdsAndCodes(); // what was not committed is not there
            throw new SimulatorStoreException("Cannot commit a transaction", e);
        } finally {
            t.written.forEach(this::announce);
        }
    }

    /** Runs {@code work} on a statement for {@code sql}: the current transaction's, or a pooled connection's. */
    private <T> T withStatement(String sql, StatementWork<T> work) throws SQLException {
        Transaction t = transaction.get();
        if (t != null) {
            return work.run(t.statement(sql));
        }
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            return work.run(ps);
        }
    }

    /**
     * Continues with the rows already in the store (a file store reopened after a restart): the counter goes
     * on after the highest row version there. Answers false when the store holds no records.
     */
    public boolean resume() {
        writeLock.lock();
        try (Connection c = connect(); java.sql.Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(row_version) FROM sim_record")) {
            if (!rs.next() || rs.getLong(1) == 0) {
                return false;
            }
            database.createIndexes();
            forgetIdsAndCodes();
            lastRowVersion.set(rs.getLong(2));
            try (java.sql.Statement loading = c.createStatement(); ResultSet held = loading.executeQuery(
                    "SELECT client_id, entity, id FROM sim_record WHERE client_id IS NOT NULL AND client_id <> 0 ORDER BY id")) {
                while (held.next()) {
                    holdsClientId(held.getLong(1), new ClientIdHolder(held.getString(2), held.getInt(3)));
                }
            }
            return true;
        } catch (SQLException e) {
            return false; // no sim_record table yet: a new store
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Adds {@code by} to every row version and to the counter, as a restored or rebuilt Mahak database whose
     * versions moved. Refused when a version would drop below 1.
     */
    public void shiftRowVersions(long by) {
        writeLock.lock();
        try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT MIN(row_version) FROM sim_record")) {
                if (rs.next() && rs.getObject(1) != null && rs.getLong(1) + by < 1) {
                    throw new IllegalArgumentException("Shifting by " + by + " would take row version "
                            + rs.getLong(1) + " below 1");
                }
            }
            s.executeUpdate("UPDATE sim_record SET row_version = row_version + (" + by + ")");
            lastRowVersion.addAndGet(by);
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot shift row versions", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Copies every record aside ({@code sim_snapshot}) and answers the row version counter at that instant. */
    public long snapshot() {
        writeLock.lock();
        try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS sim_snapshot");
            s.execute("CREATE TABLE sim_snapshot AS SELECT * FROM sim_record");
            return lastRowVersion.get();
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot take a snapshot", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Puts the records of the last snapshot back and the counter where it stood then, as a restored backup. */
    public void restoreSnapshot(long counterAtSnapshot) {
        writeLock.lock();
        try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
            try {
                s.executeQuery("SELECT 1 FROM sim_snapshot LIMIT 1").close();
            } catch (SQLException none) {
                throw new IllegalArgumentException("There is no snapshot to restore: POST snapshot first");
            }
            forgetIdsAndCodes();
            s.execute("DELETE FROM sim_record");
            s.execute("INSERT INTO sim_record SELECT * FROM sim_snapshot");
            lastRowVersion.set(counterAtSnapshot);
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot restore the snapshot", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Bulk insert statement used by the seeder; parameters in the order of {@link #bind}. */
    public static String insertSql() {
        return "INSERT INTO sim_record (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    public static void bind(PreparedStatement ps, StoredRecord r) throws SQLException {
        ps.setString(1, r.entity());
        ps.setInt(2, r.id());
        setNullableLong(ps, 3, r.clientId());
        setNullableInt(ps, 4, r.code());
        ps.setLong(5, r.rowVersion());
        ps.setBoolean(6, r.deleted());
        ps.setInt(7, r.origin().ordinal());
        ps.setString(8, r.payload());
    }

    /**
     * What a cache of derived facts about these entities must match to be current: it changes when one of
     * them is written or the store is emptied or reseeded.
     */
    public String changeStamp(Collection<String> entities) {
        StringBuilder stamp = new StringBuilder().append(generation.get());
        for (String entity : entities) {
            stamp.append(':').append(lastWrites.getOrDefault(entity, 0L));
        }
        return stamp.toString();
    }

    public void insert(StoredRecord record) {
        writeLock.lock(); // held by every writer already; here for presentIds
        try {
            withStatement(insertSql(), ps -> {
                bind(ps, record);
                return ps.executeUpdate();
            });
            BitSet ids = presentIds.get(record.entity());
            if (ids != null && record.id() >= 0) {
                ids.set(record.id());
            }
            codeWritten(record);
            written(record, true);
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot insert a " + record.entity() + " record", e);
        } finally {
            writeLock.unlock();
        }
    }

    private static final String UPDATE_SQL = "UPDATE sim_record SET client_id = ?, code = ?, row_version = ?,"
            + " deleted = ?, origin = ?, payload = ? WHERE entity = ? AND id = ?";

    public void update(StoredRecord r) {
        writeLock.lock(); // held by every writer already; here for codeHolders
        try {
            int changed = withStatement(UPDATE_SQL, ps -> {
                setNullableLong(ps, 1, r.clientId());
                setNullableInt(ps, 2, r.code());
                ps.setLong(3, r.rowVersion());
                ps.setBoolean(4, r.deleted());
                ps.setInt(5, r.origin().ordinal());
                ps.setString(6, r.payload());
                ps.setString(7, r.entity());
                ps.setInt(8, r.id());
                return ps.executeUpdate();
            });
            if (changed > 0) {
                codeWritten(r);
            }
            written(r, changed > 0);
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot update " + r.entity() + " " + r.id(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** A row now holds its code: the lowest id holding a code is the one found (the code it held before is checked on reading). */
    private void codeWritten(StoredRecord r) {
        Map<Integer, Integer> codes = codeHolders.get(r.entity());
        if (codes != null && r.code() != null) {
            codes.merge(r.code(), r.id(), Math::min);
        }
    }

    /**
     * Keeps the client id at once (later lookups of the same transaction must find it) and tells caches of the
     * change once it is committed: a cache rebuilt before the commit would not see the row and stay stale.
     */
    private void written(StoredRecord r, boolean rowWritten) {
        if (r.clientId() != null && r.clientId() != 0) {
            holdsClientId(r.clientId(), new ClientIdHolder(r.entity(), r.id()));
        }
        Transaction t = transaction.get();
        if (t != null) {
            t.written.add(r);
            if (rowWritten) {
                t.latest.put(new RowKey(r.entity(), r.id()), r);
            }
        } else {
            announce(r);
        }
    }

    /** Notes that a row holds (or held) a client id; call holding the write lock. */
    private void holdsClientId(long clientId, ClientIdHolder holder) {
        ClientIdHolder first = clientIds.putIfAbsent(clientId, holder);
        if (first != null && !first.equals(holder)) {
            List<ClientIdHolder> later = laterClientIdHolders.computeIfAbsent(clientId, k -> new ArrayList<>(1));
            if (!later.contains(holder)) {
                later.add(holder);
            }
        }
    }

    private void announce(StoredRecord r) {
        lastWrites.merge(r.entity(), r.rowVersion(), Math::max);
    }

    private static final String BY_ID_SQL = "SELECT " + COLUMNS + " FROM sim_record WHERE entity = ? AND id = ?";

    public Optional<StoredRecord> findById(String entity, long id) {
        Transaction t = transaction.get();
        if (t != null && id == (int) id) {
            StoredRecord written = t.latest.get(new RowKey(entity, (int) id));
            if (written != null) {
                return Optional.of(written);
            }
        }
        return findOne(BY_ID_SQL, entity, id);
    }

    /** Whether the entity holds a record with this id (deleted or not), as {@code findById(...).isPresent()}. */
    public boolean exists(String entity, long id) {
        if (id < 0 || id > Integer.MAX_VALUE) {
            return findById(entity, id).isPresent();
        }
        writeLock.lock();
        try {
            BitSet ids = presentIds.get(entity);
            if (ids == null) {
                ids = loadIds(entity);
                presentIds.put(entity, ids);
            }
            return ids.get((int) id);
        } finally {
            writeLock.unlock();
        }
    }

    private BitSet loadIds(String entity) {
        try {
            return withStatement("SELECT id FROM sim_record WHERE entity = ?", ps -> {
                ps.setFetchSize(10_000);
                ps.setString(1, entity);
                BitSet ids = new BitSet();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int id = rs.getInt(1);
                        if (id < 0) { // not expected (ids start at 1); a set that cannot hold it would answer wrongly
                            throw new SQLException("negative id " + id);
                        }
                        ids.set(id);
                    }
                }
                return ids;
            });
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot list the " + entity + " ids", e);
        }
    }

    /**
     * The record of an entity holding a client id, the lowest id when several do (as {@code ... WHERE entity = ? AND
     * client_id = ? ORDER BY id LIMIT 1} answers). Every row that holds a client id was written through {@link #insert}
     * / {@link #update} or loaded by {@link #resume}, so it is in {@link #clientIds} or {@link #laterClientIdHolders}:
     * a client id neither holds is answered without a query (SaveAllData asks this for every new record, and the
     * query was a quarter of its time), and the rows they name are read by primary key and checked, there being no
     * index on client ids.
     */
    public Optional<StoredRecord> findByClientId(String entity, long clientId) {
        ClientIdHolder first = clientIds.get(clientId);
        if (first == null) {
            return Optional.empty();
        }
        writeLock.lock();
        try {
            StoredRecord lowest = holding(entity, clientId, first, null);
            for (ClientIdHolder later : laterClientIdHolders.getOrDefault(clientId, List.of())) {
                lowest = holding(entity, clientId, later, lowest);
            }
            return Optional.ofNullable(lowest);
        } finally {
            writeLock.unlock();
        }
    }

    /** {@code lowest}, or the row {@code candidate} names when it is of the entity, holds the client id and has a lower id. */
    private StoredRecord holding(String entity, long clientId, ClientIdHolder candidate, StoredRecord lowest) {
        if (!candidate.entity().equals(entity) || (lowest != null && lowest.id() <= candidate.id())) {
            return lowest;
        }
        return findById(entity, candidate.id()).filter(r -> Long.valueOf(clientId).equals(r.clientId())).orElse(lowest);
    }

    /**
     * The entity and id of the record that holds this client id, whatever its entity: Mahak's client ids are
     * unique across the database. Kept in memory from every write (seeded rows have none), so that the check
     * costs one lookup however large the store grows.
     */
    public Optional<ClientIdHolder> clientIdHolder(long clientId) {
        return Optional.ofNullable(clientIds.get(clientId));
    }

    /** Which record holds a client id. */
    public record ClientIdHolder(String entity, int id) {
    }

    /**
     * The record of an entity with this code, the lowest id when several have it (deleted ones included), as
     * {@code ... WHERE entity = ? AND code = ? ORDER BY id LIMIT 1} answers, from {@link #codeHolders}.
     */
    public Optional<StoredRecord> findByCode(String entity, long code) {
        if (code != (int) code) {
            return Optional.empty(); // the column is an INT: no row holds it
        }
        writeLock.lock();
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                Map<Integer, Integer> codes = codeHolders.get(entity);
                if (codes == null) {
                    codes = loadCodes(entity);
                    codeHolders.put(entity, codes);
                }
                Integer id = codes.get((int) code);
                if (id == null) {
                    return Optional.empty();
                }
                Optional<StoredRecord> holder = findById(entity, id);
                if (holder.isPresent() && Integer.valueOf((int) code).equals(holder.get().code())) {
                    return holder;
                }
                codeHolders.remove(entity); // that row's code changed since: read them all again
            }
            throw new SimulatorStoreException("The " + entity + " codes changed while read", null);
        } finally {
            writeLock.unlock();
        }
    }

    private Map<Integer, Integer> loadCodes(String entity) {
        try {
            return withStatement("SELECT code, id FROM sim_record WHERE entity = ? AND code IS NOT NULL", ps -> {
                ps.setFetchSize(10_000);
                ps.setString(1, entity);
                Map<Integer, Integer> codes = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        codes.merge(rs.getInt(1), rs.getInt(2), Math::min);
                    }
                }
                return codes;
            });
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot list the " + entity + " codes", e);
        }
    }

    public int maxId(String entity) {
        try {
            return withStatement("SELECT MAX(id) FROM sim_record WHERE entity = ?", ps -> {
                ps.setString(1, entity);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            });
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot read the highest " + entity + " id", e);
        }
    }

    /**
     * Streams the rows of one entity from a cursor, lowest row versions first, at most {@code limit}
     * (0 = no limit), reading with a cursor so that memory stays flat whatever the size. The ORDER BY names
     * the index's leading column too: with {@code ORDER BY row_version} alone H2 does not see that the
     * (entity, row_version) index is already in that order and sorts every matching row before applying the
     * LIMIT, which made each page of a million-row store cost seconds.
     */
    public void stream(String entity, long fromVersion, boolean inclusive, int limit, Consumer<StoredRecord> sink) {
        stream(entity, fromVersion, inclusive, limit, null, sink);
    }

    /**
     * Like {@link #stream(String, long, boolean, int, Consumer)}, only the rows that pass {@code filter}
     * (null: all); rows left out do not count towards {@code limit}, so a page is as full as it can be.
     */
    public void stream(String entity, long fromVersion, boolean inclusive, int limit, Predicate<StoredRecord> filter,
            Consumer<StoredRecord> sink) {
        boolean sqlLimit = limit > 0 && filter == null;
        String sql = "SELECT " + COLUMNS + " FROM sim_record WHERE entity = ? AND row_version "
                + (inclusive ? ">=" : ">") + " ? ORDER BY entity, row_version" + (sqlLimit ? " LIMIT " + limit : "");
        Connection c = reader();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(500);
            ps.setString(1, entity);
            ps.setLong(2, fromVersion);
            try (ResultSet rs = ps.executeQuery()) {
                int sent = 0;
                while ((limit <= 0 || sent < limit) && rs.next()) {
                    StoredRecord row = read(rs);
                    if (filter == null || filter.test(row)) {
                        sink.accept(row);
                        sent++;
                    }
                }
            }
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot read " + entity + " records", e);
        } finally {
            database.release(c);
        }
    }

    /** Every row of an entity in id order (the primary key's), streamed with a cursor. */
    public void scan(String entity, Consumer<StoredRecord> sink) {
        Connection c = reader();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM sim_record WHERE entity = ? ORDER BY entity, id")) {
            ps.setFetchSize(1000);
            ps.setString(1, entity);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot read " + entity + " records", e);
        } finally {
            database.release(c);
        }
    }

    private Connection reader() {
        try {
            return database.connectReader();
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot open a session to read", e);
        }
    }

    /** Record count per entity (deleted ones included), entities without rows left out. */
    public Map<String, Long> countsPerEntity() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT entity, COUNT(*) FROM sim_record GROUP BY entity ORDER BY entity");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot count records", e);
        }
        return counts;
    }

    /** id, row version and deleted of every record of an entity, by id. */
    public List<RecordState> states(String entity) {
        List<RecordState> states = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, row_version, deleted FROM sim_record WHERE entity = ? ORDER BY id")) {
            ps.setFetchSize(1000);
            ps.setString(1, entity);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.add(new RecordState(rs.getInt(1), rs.getLong(2), rs.getBoolean(3)));
                }
            }
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot list " + entity + " records", e);
        }
        return states;
    }

    /** The records of an entity that came from one origin (e.g. what clients saved), by id. */
    public List<StoredRecord> byOrigin(String entity, Origin origin) {
        List<StoredRecord> records = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM sim_record WHERE entity = ? AND origin = ? ORDER BY id")) {
            ps.setString(1, entity);
            ps.setInt(2, origin.ordinal());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot list saved " + entity + " records", e);
        }
        return records;
    }

    private Optional<StoredRecord> findOne(String sql, String entity, long key) {
        try {
            return withStatement(sql, ps -> {
                ps.setString(1, entity);
                ps.setLong(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            });
        } catch (SQLException e) {
            throw new SimulatorStoreException("Cannot read a " + entity + " record", e);
        }
    }

    private static StoredRecord read(ResultSet rs) throws SQLException {
        long clientId = rs.getLong(3);
        Long clientIdOrNull = rs.wasNull() ? null : clientId;
        int code = rs.getInt(4);
        Integer codeOrNull = rs.wasNull() ? null : code;
        return new StoredRecord(rs.getString(1), rs.getInt(2), clientIdOrNull, codeOrNull, rs.getLong(5),
                rs.getBoolean(6), Origin.values()[rs.getInt(7)], rs.getString(8));
    }

    private static void setNullableInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
