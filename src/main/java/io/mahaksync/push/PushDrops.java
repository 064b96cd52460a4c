package io.mahaksync.push;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.ops.SafePaths;
import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * CSV drops: a sub-folder of the inbox holding {@code <commitKey>.csv} files, read once {@code _READY}
 * exists. {@link #ingest} streams every file through validation into {@code mahak_outbox} in one
 * transaction (a drop is staged once; a drop interrupted later resumes where it stood); {@link
 * #writeResults} writes {@code <commitKey>.result.csv} per input file; {@link #moveToDone} moves the
 * drop to {@code <inbox>/.done/<drop>/}. Nothing is deleted.
 *
 * <p>The inbox never leaves the inbox: a drop folder, an input file or a result file that is a symbolic
 * link is reported (in the log, and for files in the result file) and never followed; files are opened
 * with {@code O_NOFOLLOW} and result files replace whatever is at their name instead of writing through it.
 */
@Singleton
@Named("pushDrops")
public class PushDrops {

    private static final Logger LOG = Logger.getLogger(PushDrops.class);

    public static final String READY = "_READY";
    public static final String DONE_DIR = ".done";
    public static final String UPLOADS = "uploads";
    /** A result file's status for a record a dry run would have sent. */
    public static final String WOULD_SEND = "would send";
    public static final String RESULT_HEADER = "row,clientId,status,serverId,rowVersion,error";

    private final TargetDatabase db;
    private final OutboxStore outbox;
    private final OutboxStaging staging;
    private final RecordValidator validator;
    private final PushSettings settings;
    private final PushDropClaims claims;
    private final io.mahaksync.DryRun dryRun;
    private final int insertBatch;
    /** Dry run: drops checked already (name and _READY time), so that a service in dry run checks each once. */
    private final Set<String> dryRunChecked = ConcurrentHashMap.newKeySet();
    /** Links in the inbox already reported, so that a poller meeting one every few seconds says so once. */
    private final Set<String> linksReported = ConcurrentHashMap.newKeySet();

    public PushDrops(TargetDatabase db, OutboxStore outbox, OutboxStaging staging, RecordValidator validator, PushSettings settings,
            PushDropClaims claims, io.mahaksync.DryRun dryRun, @org.eclipse.microprofile.config.inject.ConfigProperty(name = "mahak.target.batch-size",
                    defaultValue = "500") int insertBatch) {
        this.db = db;
        this.outbox = outbox;
        this.staging = staging;
        this.validator = validator;
        this.settings = settings;
        this.claims = claims;
        this.dryRun = dryRun;
        this.insertBatch = Math.max(1, insertBatch);
    }

    /** A drop being processed: its row in mahak_push_drop, its name and folder. */
    public record Drop(long id, String name, Path dir) {
        public String scope() {
            return "drop:" + id;
        }
    }

    private String q(String s) {
        return db.dialect().quote(s);
    }

    /** Drop folders in the inbox whose _READY marker exists, by name; links are reported and left alone. */
    public List<Path> readyDrops() {
        Path inbox = settings.inbox();
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(inbox)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(inbox)) {
            for (Path d : dirs) {
                if (!d.getFileName().toString().startsWith(".") && isDropFolder(d)
                        && Files.exists(d.resolve(READY), LinkOption.NOFOLLOW_LINKS)) {
                    out.add(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the inbox " + inbox, e);
        }
        out.sort(null);
        return out;
    }

    /** The folder of a _READY marker, or the folder itself. */
    public Path dropFolder(Object fileOrFolder) {
        Path p = fileOrFolder instanceof Path path ? path : Path.of(fileOrFolder.toString());
        return p.getFileName().toString().equals(READY) ? p.toAbsolutePath().getParent() : p.toAbsolutePath();
    }

    /**
     * Whether a _READY marker (or a folder) belongs to a real folder directly in the inbox. A symbolic link
     * to a folder elsewhere is reported once in the log and never read.
     */
    public boolean isDropFolder(Object fileOrFolder) {
        try {
            insideInbox(dropFolder(fileOrFolder));
            return true;
        } catch (IllegalArgumentException e) {
            if (linksReported.add(dropFolder(fileOrFolder).toString())) {
                LOG.warnf("Not a drop, left alone: %s", e.getMessage());
            }
            return false;
        }
    }

    /**
     * Whether the inbox poller should hand a drop on: a real folder of the inbox ({@link #isDropFolder}) that a
     * dry run has not checked already in its present state (a new _READY checks it again).
     */
    public boolean toHandle(Object fileOrFolder) {
        return isDropFolder(fileOrFolder) && !(dryRun.enabled() && dryRunChecked.contains(dryRunKey(dropFolder(fileOrFolder))));
    }

    private static String dryRunKey(Path dir) {
        try {
            return dir.getFileName() + "@" + Files.getLastModifiedTime(dir.resolve(READY), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return dir.getFileName() + "@?";
        }
    }

    /** The drop folder resolved inside the inbox: a direct sub-folder, not a link. */
    private Path insideInbox(Path dir) {
        Path inbox = settings.inbox().toAbsolutePath().normalize();
        Path parent = dir.normalize().getParent();
        String name = dir.getFileName().toString();
        if (parent == null || !parent.equals(inbox)) {
            throw new IllegalArgumentException("folder " + dir + " is not a sub-folder of the inbox " + inbox);
        }
        try {
            return SafePaths.directoryInside(inbox, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("drop folder " + name + " in the inbox " + inbox + ": " + e.getMessage(), e);
        }
    }

    /** Stages a drop's records in mahak_outbox (once), returning the drop; a drop staged before is resumed. */
    public Drop ingest(Object folder) {
        Path dir = insideInbox(dropFolder(folder));
        String name = dir.getFileName().toString();
        Optional<Drop> active = activeDrop(name, dir);
        if (active.isPresent()) {
            LOG.infof("Resuming drop %s (staged before)", name);
            return active.get();
        }
        List<Path> files = inputFiles(dir);
        long records = 0;
        long invalid = 0;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            long dropId = insertDrop(c, name);
            try (PreparedStatement ps = staging.insertStatement(c, false)) {
                for (Path f : files) {
                    long[] counts = stageFile(ps, dropId, f);
                    records += counts[0];
                    invalid += counts[1];
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + q("mahak_push_drop") + " SET " + q("records")
                    + " = ?, " + q("invalid") + " = ? WHERE " + q("id") + " = ?")) {
                ps.setLong(1, records);
                ps.setLong(2, invalid);
                ps.setLong(3, dropId);
                ps.executeUpdate();
            }
            c.commit();
            LOG.infof("Drop %s staged: %d record(s) in %d file(s), %d invalid", name, records, files.size(), invalid);
            return new Drop(dropId, name, dir);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot stage drop " + name + ": " + DatabaseReason.of(e),
                    DatabaseReason.withoutValues(null, e));
        }
    }

    /** The drop's input files ({@code *.csv} but not {@code *.result.csv}), by name; links included, to be reported. */
    private static List<Path> inputFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> csv = Files.newDirectoryStream(dir, "*.csv")) {
            for (Path f : csv) {
                if (!f.getFileName().toString().endsWith(".result.csv")) {
                    files.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list drop " + dir, e);
        }
        files.sort(null);
        return files;
    }

    private static String commitKey(Path file) {
        String fileName = file.getFileName().toString();
        return fileName.substring(0, fileName.length() - 4);
    }

    private long[] stageFile(PreparedStatement ps, long dropId, Path file) throws SQLException {
        String fileName = file.getFileName().toString();
        String key = commitKey(file);
        long records = 0;
        long invalid = 0;
        int pendingInBatch = 0;
        EntityDef entity = null;
        String fileProblem = null;
        boolean uploads = key.equalsIgnoreCase(UPLOADS);
        try {
            SafePaths.requireRegularFile(file);
        } catch (IllegalArgumentException e) {
            // a link to a file elsewhere (or a pipe, a folder): reported on the file's result row, never opened
            LOG.warnf("Drop %s: %s; the file is not read", file.getParent().getFileName(), e.getMessage());
            stage(ps, staging.unplaced(key, new RecordValidator.Outcome(null, e.getMessage() + "; the file is not read")),
                    dropId, key, 0);
            ps.executeBatch();
            return new long[] {0, 1};
        }
        if (!uploads) {
            try {
                entity = validator.pushable(key);
            } catch (IllegalArgumentException e) {
                fileProblem = e.getMessage();
            }
        }
        try (InputStream in = SafePaths.openNoFollow(file); CsvReader csv = new CsvReader(in)) {
            List<String> header = csv.next();
            if (header == null) {
                return new long[] {0, 0};
            }
            if (fileProblem != null) {
                stage(ps, staging.unplaced(key, new RecordValidator.Outcome(null, fileProblem + "; the file is not sent")),
                        dropId, key, csv.recordNumber());
                ps.executeBatch();
                return new long[] {0, 1};
            }
            while (true) {
                List<String> cells;
                try {
                    cells = csv.next();
                } catch (CsvReader.BadRecord e) {
                    // this row only (wrong encoding, unclosed quote): reported on its own row, the rest is read
                    records++;
                    invalid++;
                    RecordValidator.Outcome bad = new RecordValidator.Outcome(null, e.getMessage());
                    stage(ps, staging.unplaced(uploads ? PushUploads.ENTITY : entity.name(), bad), dropId, key, e.record());
                    continue;
                }
                if (cells == null) {
                    break;
                }
                records++;
                // an uploads.csv row is never part of a SaveAllData batch: no placement
                OutboxStaging.Staged staged = uploads
                        ? staging.unplaced(PushUploads.ENTITY, PushUploads.validate(header, cells))
                        : staging.checkCells(entity, header, cells);
                if (!staged.ok()) {
                    invalid++;
                }
                stage(ps, staged, dropId, key, csv.recordNumber());
                if (++pendingInBatch >= insertBatch) {
                    ps.executeBatch();
                    pendingInBatch = 0;
                }
            }
        } catch (IOException e) {
            stage(ps, staging.unplaced(key, new RecordValidator.Outcome(null, "cannot read " + fileName + ": "
                    + e.getMessage())), dropId, key, 0);
            invalid++;
        }
        ps.executeBatch();
        return new long[] {records, invalid};
    }

    private void stage(PreparedStatement ps, OutboxStaging.Staged staged, long dropId, String file, long row)
            throws SQLException {
        staging.add(ps, staged, new OutboxStaging.Origin(OutboxStaging.SOURCE_CSV, dropId, file, row));
    }

    private Optional<Drop> activeDrop(String name, Path dir) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + q("id") + " FROM " + q("mahak_push_drop") + " WHERE " + q("name") + " = ? AND " + q("state")
                + " = 'staged' ORDER BY " + q("id") + " DESC")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Drop(rs.getLong(1), name, dir)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read mahak_push_drop: " + e.getMessage(), e);
        }
    }

    private long insertDrop(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q("mahak_push_drop") + " (" + q("name") + ", "
                + q("state") + ", " + q("created_at") + ") VALUES (?, 'staged', ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Writes {@code <commitKey>.result.csv} for every input file of the drop (a file without records gets
     * one too, holding the header), streaming from the outbox.
     */
    public Drop writeResults(Drop drop) {
        SqlDialect d = db.dialect();
        try (Connection c = db.dataSource().getConnection()) {
            Set<String> files = new TreeSet<>();
            for (Path input : inputFiles(drop.dir())) {
                files.add(commitKey(input));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + q("source_file") + " FROM "
                    + q("mahak_outbox") + " WHERE " + q("drop_id") + " = ?")) {
                ps.setLong(1, drop.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        files.add(rs.getString(1));
                    }
                }
            }
            for (String file : files) {
                Path out = drop.dir().resolve(resultFileName(file));
                // written beside it under a fresh name, then renamed over it: a link planted at the result
                // file's name is replaced, never written through
                Path partial = drop.dir().resolve(".result-" + UUID.randomUUID() + ".tmp");
                try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(partial,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        StandardCharsets.UTF_8));
                        PreparedStatement ps = c.prepareStatement("SELECT " + q("source_row") + ", " + q("client_id")
                                + ", " + q("status") + ", " + q("server_id") + ", " + q("row_version") + ", "
                                + q("last_error") + " FROM " + q("mahak_outbox") + " WHERE " + q("drop_id") + " = ? AND "
                                + q("source_file") + " = ? ORDER BY " + q("source_row"),
                                java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY)) {
                    if (d == SqlDialect.POSTGRESQL) {
                        c.setAutoCommit(false); // lets the driver stream with a fetch size
                    }
                    ps.setFetchSize(1000);
                    ps.setLong(1, drop.id());
                    ps.setString(2, file);
                    w.write(RESULT_HEADER);
                    w.write('\n');
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            w.write(String.join(",", CsvReader.cell(rs.getLong(1)), CsvReader.cell(IdMap.getLong(rs, 2)),
                                    CsvReader.cell(resultStatus(rs.getString(3))), CsvReader.cell(IdMap.getLong(rs, 4)),
                                    CsvReader.cell(IdMap.getLong(rs, 5)), CsvReader.cell(rs.getString(6))));
                            w.write('\n');
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write " + out, e);
                }
                replace(drop, partial, out);
                if (!c.getAutoCommit()) {
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the results of drop " + drop.name() + ": " + e.getMessage(), e);
        }
        return drop;
    }

    /** The status a result file shows: in a dry run, what is still pending is what a real run would send. */
    private String resultStatus(String status) {
        return dryRun.enabled() && OutboxStore.PENDING.equals(status) ? WOULD_SEND : status;
    }

    /**
     * Dry run: the drop's staged records are removed again (nothing was sent) and the drop stays in the inbox
     * with its result files, so that a real run stages it afresh from its files, corrected or not.
     */
    public Drop unstage(Drop drop) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement rows = c.prepareStatement("DELETE FROM " + q("mahak_outbox") + " WHERE " + q("drop_id")
                    + " = ?"); PreparedStatement row = c.prepareStatement("DELETE FROM " + q("mahak_push_drop") + " WHERE "
                    + q("id") + " = ?")) {
                rows.setLong(1, drop.id());
                rows.executeUpdate();
                row.setLong(1, drop.id());
                row.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot unstage drop " + drop.name() + ": " + e.getMessage(), e);
        }
        dryRunChecked.add(dryRunKey(drop.dir()));
        LOG.infof("Dry run: drop %s checked, nothing sent; it stays in the inbox, its result files say what would be "
                + "sent", drop.name());
        return drop;
    }

    /** {@code <commitKey>.result.csv}, the key shortened when the name would pass the file system's 255 bytes. */
    static String resultFileName(String key) {
        String suffix = ".result.csv";
        String shortened = key;
        while ((shortened + suffix).getBytes(StandardCharsets.UTF_8).length > 255) {
            shortened = shortened.substring(0, shortened.offsetByCodePoints(shortened.length(), -1));
        }
        return shortened + suffix;
    }

    private void replace(Drop drop, Path partial, Path out) {
        try {
            if (SafePaths.isLink(out)) {
                LOG.warnf("Drop %s: %s was a symbolic link; it is replaced by the result file, what it pointed to is "
                        + "left untouched", drop.name(), out.getFileName());
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out, e);
        }
    }

    /**
     * Moves the drop to {@code <inbox>/.done/<drop>/} (a suffix is added if that name is taken) and closes it;
     * null, the drop left in the inbox, while any of its records is still pending (the next pass resumes it)
     * or when its claim was taken over by another instance (which finishes it).
     */
    public Path moveToDone(Drop drop) {
        long pending = outbox.countByStatus(drop.scope()).getOrDefault(OutboxStore.PENDING, 0L);
        if (pending > 0) {
            LOG.warnf("Drop %s: %d record(s) still pending; it stays in the inbox and is resumed at the next pass",
                    drop.name(), pending);
            return null;
        }
        if (!claims.holds(drop.name())) {
            LOG.warnf("Drop %s: its claim was taken over by another instance, which finishes it; not moved here",
                    drop.name());
            return null;
        }
        Path doneRoot = drop.dir().getParent().resolve(DONE_DIR);
        Path target = doneRoot.resolve(drop.name());
        try {
            if (SafePaths.isLink(doneRoot)) {
                throw new IllegalStateException(doneRoot + " is a symbolic link: drops are never moved through a link; "
                        + "make it a folder of the inbox");
            }
            Files.createDirectories(doneRoot);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                target = doneRoot.resolve(drop.name() + "-" + drop.id());
            }
            try {
                Files.move(drop.dir(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(drop.dir(), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move drop " + drop.name() + " to " + doneRoot, e);
        }
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + q("mahak_push_drop") + " SET " + q("state") + " = 'done', " + q("finished_at") + " = ? WHERE "
                + q("id") + " = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setLong(2, drop.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot close drop " + drop.name() + ": " + e.getMessage(), e);
        }
        LOG.infof("Drop %s done: %s", drop.name(), outbox.countByStatus(drop.scope()));
        return target;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
