package io.mahaksync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.client.Envelope;
import io.mahaksync.client.MahakAnswers;
import io.mahaksync.client.MahakExchange;
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
import java.util.Map;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
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
 * drop always finishes. The call itself is a step of the route {@code push-upload} ({@code to: direct:mahak-call}).
 */
@Singleton
@Named("pushUploads")
public class PushUploads {

    private static final Logger LOG = Logger.getLogger(PushUploads.class);
    public static final String ENTITY = "upload";
    static final List<String> COLUMNS = List.of("filename", "pictureid", "pictureclientid", "entity", "entityid",
            "entityclientid");

    private final IdMap idMap;
    private final OutboxStore outbox;
    private final TargetDatabase db;
    private final DeadLetterStore deadLetters;
    private final ObjectMapper mapper;

    public PushUploads(IdMap idMap, OutboxStore outbox, TargetDatabase db, DeadLetterStore deadLetters,
            ObjectMapper mapper) {
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

    /** The drop's uploads still to send (rows of its uploads.csv), in file order. */
    public List<OutboxRow> pending(PushDrops.Drop drop) {
        return outbox.pendingUploads(drop.id());
    }

    /**
     * The Upload request of one row (exchange property {@code pushDrop}, body the row): the named file of the
     * drop, checked to be no link and opened without following one, as multipart part {@code file}; headers
     * {@code X-FileName} and {@code X-PictureId} (none for a new picture). A row that cannot be sent (no such
     * file, a link, a picture not known to Mahak) is recorded as rejected here and the body is null.
     */
    public void request(Exchange exchange) {
        PushDrops.Drop drop = exchange.getProperty("pushDrop", PushDrops.Drop.class);
        Message message = exchange.getMessage();
        OutboxRow row = message.getBody(OutboxRow.class);
        String error;
        try {
            Long pictureId = resolve(row.payload());
            Path file = SafePaths.regularFileInside(drop.dir(), row.payload().path("filename").asText());
            SafePaths.requireRegularFile(file);
            String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8);
            HttpEntity entity = MultipartEntityBuilder.create()
                    .addPart("file", new DropFileBody(file, name, Files.size(file)))
                    .build();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-FileName", name);
            if (pictureId != null) {
                headers.put("X-PictureId", Long.toString(pictureId));
            }
            exchange.setProperty(MahakExchange.REQUEST_HEADERS, headers);
            message.setBody(entity);
            return;
        } catch (IllegalArgumentException | FileNotFoundException | java.nio.file.NoSuchFileException e) {
            error = e.getMessage();
        } catch (IOException e) {
            error = "cannot read the file: " + e.getMessage();
        }
        record(drop, row, error, null, null, null);
        message.setBody(null);
    }

    /** Mahak's answer to one Upload: the row is sent (the picture's server id into mahak_id_map) or rejected. */
    public void recordAnswer(PushDrops.Drop drop, OutboxRow row, InputStream answer) {
        Envelope env = Envelope.of(MahakAnswers.readWhole(mapper, "Upload", answer));
        JsonNode data = env.data();
        boolean ok = env.result() && Envelope.firstOf(data, "result").asBoolean(true);
        JsonNode id = Envelope.firstOf(data, "entityId");
        Long pictureId = row.payload().has("pictureid") ? row.payload().get("pictureid").asLong() : null;
        Long entityId = id.canConvertToLong() ? id.asLong() : pictureId;
        JsonNode rv = Envelope.firstOf(data, "rowVersion");
        Long rowVersion = rv.canConvertToLong() ? rv.asLong() : null;
        record(drop, row, ok ? null : env.describeFailure(), env.code(), entityId, rowVersion);
    }

    /** An Upload refused for good (HTTP 4xx such as 413, an answer that is not JSON) or a file that could not be read. */
    public void refused(PushDrops.Drop drop, OutboxRow row, Exception e) {
        Integer code = e instanceof MahakPermanentException p ? p.code() : null;
        String error = e instanceof java.io.UncheckedIOException u ? "cannot read the file: " + u.getCause().getMessage()
                : e.getMessage();
        record(drop, row, error, code, null, null);
    }

    private void record(PushDrops.Drop drop, OutboxRow row, String error, Integer code, Long entityId, Long rowVersion) {
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
     * A file of the drop as a multipart part, opened with O_NOFOLLOW each time it is written (a 401 sends the
     * request again): a link put in its place after the check is not followed.
     */
    static final class DropFileBody extends AbstractContentBody {

        private final Path file;
        private final String name;
        private final long size;

        DropFileBody(Path file, String name, long size) {
            super(ContentType.APPLICATION_OCTET_STREAM);
            this.file = file;
            this.name = name;
            this.size = size;
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
