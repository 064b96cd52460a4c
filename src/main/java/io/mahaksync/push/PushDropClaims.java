package io.mahaksync.push;

import io.mahaksync.ops.leader.LeaderElection;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Each drop is handled by one consumer at a time: the inbox poller and run-once in one process, or two
 * replicas on one database and inbox. A drop is claimed in {@code mahak_push_drop_claim} before it is
 * staged and released after it moved to {@code .done/} (or failed); while a claim is held, its heartbeat is
 * renewed every third of {@code mahak.push.drop-claim-lease}. A claim whose heartbeat is older than the lease
 * belongs to an instance that crashed or was killed: the next consumer takes it over and resumes the drop
 * from what the outbox and the batch journal hold.
 */
@Singleton
@Named("pushDropClaims")
public class PushDropClaims {

    private static final Logger LOG = Logger.getLogger(PushDropClaims.class);

    private final TargetDatabase db;
    private final String owner;
    private final Duration lease;
    /** Drops claimed by this process: a second consumer of this process is refused before the database is asked. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;

    @Inject
    PushDropClaims(TargetDatabase db, LeaderElection election,
            @ConfigProperty(name = "mahak.push.drop-claim-lease", defaultValue = "PT60S") Duration lease) {
        this(db, election.holder(), lease);
    }

    /** A claimer with its own identity (the host name and process id of a replica). */
    public PushDropClaims(TargetDatabase db, String owner, Duration lease) {
        this.db = db;
        this.owner = owner;
        this.lease = lease;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mahak-drop-claims");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, lease.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    public String owner() {
        return owner;
    }

    private String q(String s) {
        return db.dialect().quote(s);
    }

    /**
     * Claims the drop of a {@code _READY} marker or folder; true when this consumer may work on it now. False
     * when another consumer of this process or another instance holds it, or when the drop left the inbox
     * (finished by another instance since the inbox was listed).
     */
    public boolean claim(Object fileOrFolder) {
        Path dir = dropFolder(fileOrFolder);
        String name = dir.getFileName().toString();
        if (!held.add(name)) {
            LOG.debugf("Drop %s is being handled by another consumer of this instance", name);
            return false;
        }
        boolean claimed = false;
        try {
            claimed = claimInDatabase(name);
            if (claimed && !Files.exists(dir.resolve(PushDrops.READY), LinkOption.NOFOLLOW_LINKS)) {
                // finished and moved to .done/ by the instance that held it a moment ago
                release(name);
                return false;
            }
            return claimed;
        } finally {
            if (!claimed) {
                held.remove(name);
            }
        }
    }

    /**
     * Waits while another instance holds the drop's claim and still renews it, at most twice the lease: a
     * run-once job started right after a crash then takes the drop over once the dead holder's claim runs
     * out, instead of leaving it for the next run. Returns the drop; a live holder past the wait keeps it.
     */
    public Object awaitFree(Object fileOrFolder) throws InterruptedException {
        Path dir = dropFolder(fileOrFolder);
        String name = dir.getFileName().toString();
        long deadline = System.currentTimeMillis() + 2 * lease.toMillis();
        boolean said = false;
        while (System.currentTimeMillis() < deadline && Files.exists(dir.resolve(PushDrops.READY), LinkOption.NOFOLLOW_LINKS)) {
            Optional<String> other = liveHolderOtherThanThis(name);
            if (other.isEmpty()) {
                break;
            }
            if (!said) {
                LOG.infof("Drop %s is claimed by %s; waiting until it finishes or its claim runs out (%s)", name,
                        other.get(), lease);
                said = true;
            }
            Thread.sleep(Math.min(1000, Math.max(100, lease.toMillis() / 6)));
        }
        return fileOrFolder;
    }

    private Optional<String> liveHolderOtherThanThis(String name) {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + q("owner") + " FROM " + q("mahak_push_drop_claim")
                        + " WHERE " + q("name") + " = ? AND " + q("owner") + " <> ? AND " + q("heartbeat_at") + " >= ?")) {
            ps.setString(1, name);
            ps.setString(2, owner);
            ps.setLong(3, System.currentTimeMillis() - lease.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the claim of drop " + name + ": " + e.getMessage(), e);
        }
    }

    private boolean claimInDatabase(String name) {
        long now = System.currentTimeMillis();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q("mahak_push_drop_claim") + " (" + q("name")
                    + ", " + q("owner") + ", " + q("claimed_at") + ", " + q("heartbeat_at") + ") VALUES (?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                ps.setLong(3, now);
                ps.setLong(4, now);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw e;
                }
            }
            // claimed already: taken over only when its owner stopped renewing it (or it is this instance's own,
            // left by a consumer that died without releasing it)
            Optional<String> previous = holder(c, name);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + q("mahak_push_drop_claim") + " SET " + q("owner")
                    + " = ?, " + q("claimed_at") + " = ?, " + q("heartbeat_at") + " = ? WHERE " + q("name") + " = ? AND ("
                    + q("heartbeat_at") + " < ? OR " + q("owner") + " = ?)")) {
                ps.setString(1, owner);
                ps.setLong(2, now);
                ps.setLong(3, now);
                ps.setString(4, name);
                ps.setLong(5, now - lease.toMillis());
                ps.setString(6, owner);
                if (ps.executeUpdate() == 1) {
                    if (previous.isPresent() && !previous.get().equals(owner)) {
                        LOG.warnf("Drop %s: taken over from %s, whose claim was not renewed for %s (stopped or crashed); "
                                + "resuming it", name, previous.get(), lease);
                    }
                    return true;
                }
            }
            LOG.debugf("Drop %s is being handled by %s", name, previous.orElse("another instance"));
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim drop " + name + " in mahak_push_drop_claim: " + e.getMessage(), e);
        }
    }

    private Optional<String> holder(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + q("owner") + " FROM " + q("mahak_push_drop_claim")
                + " WHERE " + q("name") + " = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Inside the caller's transaction: whether this instance holds the claim of drop {@code dropId}, its claim row
     * locked until the transaction ends, so that no other consumer takes the drop over before the caller commits
     * (the push journal claims a drop's batch this way, see {@link PushJournal#open}).
     */
    public boolean holdsLocked(Connection c, long dropId) throws SQLException {
        String name;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + q("name") + " FROM " + q("mahak_push_drop") + " WHERE "
                + q("id") + " = ?")) {
            ps.setLong(1, dropId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                name = rs.getString(1);
            }
        }
        if (!held.contains(name)) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + q("owner") + " FROM " + q("mahak_push_drop_claim")
                + " WHERE " + q("name") + " = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && owner.equals(rs.getString(1));
            }
        }
    }

    /** Whether this instance still holds the drop's claim (it was not taken over while this one stalled). */
    public boolean holds(String name) {
        if (!held.contains(name)) {
            return false;
        }
        try (Connection c = db.dataSource().getConnection()) {
            return holder(c, name).filter(owner::equals).isPresent();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_push_drop_claim: " + e.getMessage(), e);
        }
    }

    /** Gives a drop's claim up (after it moved to .done/, or when its handling failed). */
    public void release(Object fileOrFolderOrName) {
        String name = fileOrFolderOrName instanceof PushDrops.Drop drop ? drop.name()
                : dropFolder(fileOrFolderOrName).getFileName().toString();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM "
                + q("mahak_push_drop_claim") + " WHERE " + q("name") + " = ? AND " + q("owner") + " = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, name);
            ps.setString(2, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            // the claim expires by itself once its heartbeat stops
            LOG.warnf("Drop %s: could not release its claim (%s); it expires after %s", name, e.getMessage(), lease);
        } finally {
            held.remove(name);
        }
    }

    /** Renews the heartbeat of every claim this process holds; one that was taken over is reported. */
    void renew() {
        if (held.isEmpty()) {
            return;
        }
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + q("mahak_push_drop_claim") + " SET " + q("heartbeat_at") + " = ? WHERE " + q("name") + " = ? AND "
                + q("owner") + " = ?")) {
            c.setAutoCommit(true);
            for (String name : held) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setString(2, name);
                ps.setString(3, owner);
                if (ps.executeUpdate() == 0 && held.contains(name)) {
                    LOG.warnf("Drop %s: its claim was taken over by another instance; this one will not move it", name);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Could not renew the drop claims (%s); retrying in %s", e.getMessage(), lease.dividedBy(3));
        }
    }

    private static Path dropFolder(Object fileOrFolder) {
        if (fileOrFolder instanceof PushDrops.Drop drop) {
            return drop.dir();
        }
        Path p = fileOrFolder instanceof Path path ? path : Path.of(fileOrFolder.toString());
        p = p.toAbsolutePath();
        return p.getFileName().toString().equals(PushDrops.READY) ? p.getParent() : p;
    }

    @PreDestroy
    void stop() {
        heartbeat.shutdownNow();
    }
}
