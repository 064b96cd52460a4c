package io.mahaksync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.client.Envelope;
import io.mahaksync.client.MahakClient;
import io.mahaksync.client.MahakPermanentException;
import io.mahaksync.ops.SafePaths;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.entity.mime.AbstractContentBody;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.jboss.logging.Logger;

/**
 * Attachments from a drop: each row of {@code uploads.csv} (fileName; pictureId or pictureClientId of the
 * picture record the file belongs to, none for a new picture; entity, entityId, entityClientId kept as
 * metadata) sends the named file of the drop with {@code Sync/Upload} (multipart part {@code file},
 * headers {@code X-FileName} and {@code X-PictureId}). Uploads run after the drop's records are sent, so
 * a picture created in the same drop (pictures.csv) has its server id. A file that is a symbolic link is
 * never sent, and an upload Mahak refuses (HTTP 4xx, {@code Result:false}) is a {@code rejected} row: the
 * drop always finishes.
 */
@Singleton
@Named("pushUploads")
public class PushUploads {

    private static final Logger LOG = Logger.getLogger(PushUploads.class);
    public static final String ENTITY = "upload";
    static final List<String> COLUMNS = List.of("filename", "pictureid", "pictureclientid", "entity", "entityid",
            "entityclientid");

    private final MahakClient client;
    private final IdMap idMap;
    private final OutboxStore outbox;
    private final TargetDatabase db;
    private final DeadLetterStore deadLetters;
    private final ObjectMapper mapper;

    public PushUploads(MahakClient client, IdMap idMap, OutboxStore outbox, TargetDatabase db,
            DeadLetterStore deadLetters, ObjectMapper mapper) {
        this.client = client;
        this.idMap = idMap;
        this.outbox = outbox;
        this.db = db;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
    }

    /** Checks one uploads.csv row; the client id reported is the picture's or the entity's client id. */
    static RecordValidator.Outcome validate(List<String> header, List<String> cells) {
        if (header.size() != cells.size()) {
            return new RecordValidator.Outcome(null, "has " + cells.size() + " cells, the header has " + header.size());
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                return new RecordValidator.Outcome(null, "unknown column '" + header.get(i) + "'");
            }
            if (!cells.get(i).isEmpty()) {
                row.put(name, cells.get(i));
            }
        }
        String file = row.path("filename").asText("");
        if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            return new RecordValidator.Outcome(null, "fileName must name a file of this drop");
        }
        for (String n : List.of("pictureid", "pictureclientid", "entityid", "entityclientid")) {
            if (row.has(n) && !row.get(n).asText().matches("\\d{1,18}")) {
                return new RecordValidator.Outcome(null, n + " is not a number");
            }
        }
        long clientId = row.has("pictureclientid") ? row.get("pictureclientid").asLong()
                : row.path("entityclientid").asLong(0);
        return new RecordValidator.Outcome(new RecordValidator.Valid(null, clientId, row), java.util.List.of());
    }

    /** Sends the drop's pending uploads; each row ends sent or rejected (transient faults are retried by the route). */
    public PushDrops.Drop sendAll(PushDrops.Drop drop) {
        for (OutboxRow row : outbox.pendingUploads(drop.id())) {
            String error;
            Integer code = null;
            Long entityId = null;
            Long rowVersion = null;
            try {
                Long pictureId = resolve(row.payload());
                JsonNode answer = upload(SafePaths.regularFileInside(drop.dir(), row.payload().path("filename").asText()),
                        pictureId);
                Envelope env = Envelope.of(answer);
                JsonNode data = env.data();
                boolean ok = env.result() && Envelope.firstOf(data, "result").asBoolean(true);
                JsonNode id = Envelope.firstOf(data, "entityId");
                entityId = id.canConvertToLong() ? id.asLong() : pictureId;
                JsonNode rv = Envelope.firstOf(data, "rowVersion");
                rowVersion = rv.canConvertToLong() ? rv.asLong() : null;
                error = ok ? null : env.describeFailure();
                code = env.code();
            } catch (IllegalArgumentException | FileNotFoundException | java.nio.file.NoSuchFileException e) {
                error = e.getMessage();
            } catch (MahakPermanentException e) {
                // refused for good (HTTP 4xx such as 413, an answer that is not JSON): this row, not the drop
                error = e.getMessage();
                code = e.code();
            } catch (IOException e) {
                error = "cannot read the file: " + e.getMessage();
            }
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                if (error == null) {
                    outbox.markSent(c, row.id(), entityId, rowVersion);
                    if (row.payload().has("pictureclientid")) {
                        idMap.put(c, "pictures", row.payload().get("pictureclientid").asLong(), entityId, rowVersion);
                    }
                } else {
                    outbox.markFailed(c, row.id(), OutboxStore.REJECTED, error, code, null);
                    deadLetters.record(c, PushResults.FLOW, ENTITY, "outbox:" + row.id(), error, code, row.payload().toString());
                }
                c.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot record an upload result: " + e.getMessage(), e);
            }
            if (error != null) {
                LOG.warnf("Upload of row %d of drop %s failed: %s", row.sourceRow(), drop.name(), error);
            }
        }
        return drop;
    }

    /** The X-PictureId to send: none (a new picture), the given server id, or the picture's client id mapped. */
    private Long resolve(JsonNode p) {
        if (p.has("pictureid")) {
            return p.get("pictureid").asLong();
        }
        if (p.has("pictureclientid")) {
            return idMap.find("pictures", p.get("pictureclientid").asLong()).map(IdMap.Entry::serverId)
                    .orElseThrow(() -> new IllegalArgumentException("picture with pictureClientId "
                            + p.get("pictureclientid").asLong() + " is not known to Mahak"));
        }
        return null;
    }

    /**
     * POSTs the file (checked to be no link) as multipart part {@code file} to Sync/Upload through
     * {@code direct:mahak-call} and returns the parsed answer.
     */
    JsonNode upload(Path file, Long pictureId) throws IOException {
        SafePaths.requireRegularFile(file);
        String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8);
        HttpEntity body = MultipartEntityBuilder.create()
                .addPart("file", new NoFollowFileBody(file, Files.size(file), name))
                .build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-FileName", name);
        if (pictureId != null) {
            headers.put("X-PictureId", Long.toString(pictureId));
        }
        return client.post("Upload", body, headers);
    }

    /** The file's bytes, opened with O_NOFOLLOW each time the request is sent (a 401 sends it again). */
    private static final class NoFollowFileBody extends AbstractContentBody {

        private final Path file;
        private final long size;
        private final String name;

        NoFollowFileBody(Path file, long size, String name) {
            super(ContentType.APPLICATION_OCTET_STREAM);
            this.file = file;
            this.size = size;
            this.name = name;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public long getContentLength() {
            return size;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = SafePaths.openNoFollow(file)) {
                in.transferTo(out);
            }
        }
    }
}
