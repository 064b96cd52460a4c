package io.mahaksync.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.ApiPaths;
import io.mahaksync.simulator.CursorMode;
import io.mahaksync.simulator.Envelope;
import io.mahaksync.simulator.EntityNames;
import io.mahaksync.simulator.GetAllDataWriter;
import io.mahaksync.simulator.GetAllDataWriter.Wanted;
import io.mahaksync.simulator.MahakCodes;
import io.mahaksync.simulator.RecordJson;
import io.mahaksync.simulator.RecordMutations;
import io.mahaksync.simulator.RequestLog;
import io.mahaksync.simulator.SimulatorConfig;
import io.mahaksync.simulator.SimulatorCredentials;
import io.mahaksync.simulator.TokenService;
import io.mahaksync.simulator.VisitorScope;
import io.mahaksync.simulator.fault.FaultKind;
import io.mahaksync.simulator.fault.FaultSettings;
import io.mahaksync.simulator.save.SaveAllDataService;
import io.mahaksync.simulator.save.SaveOutcome;
import io.mahaksync.simulator.seed.SeedState;
import io.mahaksync.simulator.store.RecordStore;
import io.mahaksync.simulator.store.StoredRecord;
import io.mahaksync.simulator.store.StoredRecord.Origin;
import jakarta.inject.Inject;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The Sync endpoints of the Mahak API v3, V1 and V2 alike (they take the same bodies). */
@Path(ApiPaths.SYNC)
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    private static final String AUTH = "Authorization";
    /** Pages of at most this many records (page size times entities asked for) are answered from one buffer. */
    private static final long BUFFERED_RECORDS = 20_000;

    private final SimulatorConfig config;
    private final EntityCatalog catalog;
    private final EntityNames entityNames;
    private final Envelope envelope;
    private final TokenService tokens;
    private final FaultSettings settings;
    private final SeedState seedState;
    private final GetAllDataWriter getAllDataWriter;
    private final SaveAllDataService saveAllData;
    private final RecordStore store;
    private final RecordMutations mutations;
    private final VisitorScope visitorScope;
    private final RecordJson recordJson;
    private final AtomicLong answers = new AtomicLong();

    /** The simulator's own login, never the service's real one. */
    @Inject
    SimulatorCredentials credentials;

    public SyncResource(SimulatorConfig config, EntityCatalog catalog, EntityNames entityNames, Envelope envelope,
            TokenService tokens, FaultSettings settings, SeedState seedState, GetAllDataWriter getAllDataWriter,
            SaveAllDataService saveAllData, RecordStore store, RecordMutations mutations, VisitorScope visitorScope,
            RecordJson recordJson) {
        this.config = config;
        this.catalog = catalog;
        this.entityNames = entityNames;
        this.envelope = envelope;
        this.tokens = tokens;
        this.settings = settings;
        this.seedState = seedState;
        this.getAllDataWriter = getAllDataWriter;
        this.saveAllData = saveAllData;
        this.store = store;
        this.mutations = mutations;
        this.visitorScope = visitorScope;
        this.recordJson = recordJson;
    }

    @POST
    @Path("Login")
    public Response login(String body) {
        return loginV2(body);
    }

    /** Checks user name, the lowercase hex MD5 of the password and the database id; answers a token. */
    @POST
    @Path("LoginV2")
    public Response loginV2(String body) {
        Optional<JsonNode> request = RequestBodies.parseObject(body);
        if (request.isEmpty()) {
            return envelope.badRequest("The body is not a JSON object");
        }
        String userName = RequestBodies.get(request.get(), "userName").asText("");
        String password = RequestBodies.get(request.get(), "password").asText("");
        JsonNode databaseId = RequestBodies.get(request.get(), "databaseId");
        if (!credentials.accepts(userName, password)) {
            return loginFailure(MahakCodes.BAD_CREDENTIALS, "Invalid user name or password");
        }
        if (!databaseId.canConvertToInt() || databaseId.asInt() != config.databaseId()) {
            return loginFailure(MahakCodes.BAD_DATABASE, "Invalid DatabaseId or PackageNo");
        }
        int visitorId = seedState.generator().plan().visitorId();
        TokenService.Issued issued = tokens.issue(userName, config.databaseId(), visitorId);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        if (envelope.guide()) {
            data.put("token", issued.token());
            data.put("expireDate", issued.expires().toString());
        } else {
            data.put("UserToken", issued.token());
            data.put("SyncId", seedState.syncId()); // a new one for every seeded (or restored-as-new) database
            data.put("VisitorId", visitorId);
            data.put("DatabaseId", config.databaseId());
            data.put("UserTitle", "Mahak simulator");
            data.put("MahakId", "SIM-" + config.databaseId());
            data.put("ServerTime", OffsetDateTime.now(ZoneOffset.UTC).toString());
            data.put("PackageNo", 0L);
            data.put("CreditDay", 365);
            data.put("HasRadara", false);
            data.put("WithDataTransfer", false); // seen false on the live service while data still flowed
            data.put("ErrorCode", 0);
            data.putNull("ErrorMessage");
        }
        return envelope.ok(data);
    }

    /** Failed login: HTTP 200, Result false, and the reason also in Data.ErrorCode / ErrorMessage. */
    private Response loginFailure(int code, String message) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put(envelope.guide() ? "errorCode" : "ErrorCode", code);
        data.put(envelope.guide() ? "errorMessage" : "ErrorMessage", message);
        return envelope.error(code, message, data);
    }

    @POST
    @Path("GetAllData")
    public Response getAllData(@HeaderParam(AUTH) String authorization, String body, RoutingContext rc) {
        return getAllData(authorization, body, "GetAllData", rc);
    }

    @POST
    @Path("GetAllDataV2")
    public Response getAllDataV2(@HeaderParam(AUTH) String authorization, String body, RoutingContext rc) {
        return getAllData(authorization, body, "GetAllDataV2", rc);
    }

    @POST
    @Path("SaveAllData")
    public Response saveAllData(@HeaderParam(AUTH) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
        return saveAllDataV2(authorization, contentType, body);
    }

    /** The body is taken as bytes (parsed as UTF-8 unless the request names another charset): see RequestBodies. */
    @POST
    @Path("SaveAllDataV2")
    public Response saveAllDataV2(@HeaderParam(AUTH) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
        if (!tokens.valid(authorization)) {
            return envelope.unauthorized();
        }
        Optional<JsonNode> request = RequestBodies.parseObject(body, charsetOf(contentType));
        if (request.isEmpty()) {
            return envelope.badRequest("The body is not a JSON object");
        }
        seedState.generator();
        SaveOutcome outcome = saveAllData.save(request.get(), tokens.visitorOf(authorization).orElse(null));
        return envelope.answer(outcome.result(), outcome.code(), outcome.message(), outcome.data());
    }

    private static java.nio.charset.Charset charsetOf(MediaType contentType) {
        String name = contentType == null ? null : contentType.getParameters().get(MediaType.CHARSET_PARAMETER);
        try {
            return name == null ? null : java.nio.charset.Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return null; // as the String reader would fall back to its default, UTF-8
        }
    }

    /**
     * {@code {"databaseId":1,"entityName":"product","disputeItems":[{"id":5,"rw":120}]}}: the server's copy
     * wins; each named record gets a new row version so every client receives it again.
     */
    @POST
    @Path("SolveDispute")
    public Response solveDispute(@HeaderParam(AUTH) String authorization, String body) {
        if (!tokens.valid(authorization)) {
            return envelope.unauthorized();
        }
        Optional<JsonNode> request = RequestBodies.parseObject(body);
        if (request.isEmpty()) {
            return envelope.badRequest("The body is not a JSON object");
        }
        Optional<EntityDef> def = entityNames.resolve(RequestBodies.get(request.get(), "entityName").asText(null));
        if (def.isEmpty()) {
            return envelope.error(MahakCodes.VALIDATION, "Unknown entityName", null);
        }
        return resolveDisputes(def.get(), RequestBodies.get(request.get(), "disputeItems"), false);
    }

    /** {@code {"databaseId":1,"disputeItems":[{"id":5,"code":7}]}}: the order keeps the code Mahak gave it. */
    @POST
    @Path("SolveOrderDispute")
    public Response solveOrderDispute(@HeaderParam(AUTH) String authorization, String body) {
        if (!tokens.valid(authorization)) {
            return envelope.unauthorized();
        }
        Optional<JsonNode> request = RequestBodies.parseObject(body);
        if (request.isEmpty()) {
            return envelope.badRequest("The body is not a JSON object");
        }
        return resolveDisputes(catalog.get("orders"), RequestBodies.get(request.get(), "disputeItems"), true);
    }

    /** Multipart upload of a picture: part {@code file}, headers {@code X-FileName} and optional {@code X-PictureId}. */
    @POST
    @Path("Upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@HeaderParam(AUTH) String authorization, @HeaderParam("X-FileName") String fileName,
            @HeaderParam("X-PictureId") Long pictureId, @RestForm("file") FileUpload file) throws IOException {
        if (!tokens.valid(authorization)) {
            return envelope.unauthorized();
        }
        if (fileName == null || fileName.isBlank() || file == null) {
            return envelope.error(MahakCodes.VALIDATION, "A 'file' part and an X-FileName header are required", null);
        }
        if (file.size() > config.uploadLimitBytes()) {
            // what IIS answers above its upload limit (maxAllowedContentLength): a refusal, not a fault to retry
            return Response.status(413).type(MediaType.TEXT_PLAIN)
                    .entity("Request Entity Too Large: " + file.size() + " bytes, the limit is " + config.uploadLimitBytes())
                    .build();
        }
        seedState.generator();
        byte[] content = Files.readAllBytes(file.uploadedFile());
        EntityDef pictures = catalog.get("pictures");
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("fileName", fileName);
        fields.put("fileSize", content.length);
        fields.put("format", fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1) : "");
        Optional<StoredRecord> existing = pictureId == null || pictureId == 0 ? Optional.empty()
                : store.findById(pictures.name(), pictureId);
        if (pictureId != null && pictureId != 0 && existing.isEmpty()) {
            return envelope.error(MahakCodes.REFERENCE, "No picture with id " + pictureId, null);
        }
        StoredRecord saved = existing.isPresent()
                ? mutations.update(pictures, existing.get(), fields, Origin.SAVE)
                : mutations.insert(pictures, fields, Origin.SAVE);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("Result", true);
        data.put("EntityId", saved.id());
        data.put("RowVersion", saved.rowVersion());
        ObjectNode additional = data.putObject("AdditionalData");
        additional.put("FileUrl", "/API/v3/Files/" + saved.id() + "/" + fileName);
        additional.put("FileHash", TokenService.md5Hex(content));
        return envelope.ok(data);
    }

    private Response getAllData(String authorization, String body, String endpoint, RoutingContext rc) {
        if (!tokens.valid(authorization)) {
            return envelope.unauthorized();
        }
        Optional<JsonNode> request = RequestBodies.parseObject(body);
        if (request.isEmpty()) {
            return envelope.badRequest("The body is not a JSON object");
        }
        List<Wanted> wanted = new ArrayList<>();
        for (EntityDef def : catalog.all()) {
            JsonNode cursor = RequestBodies.get(request.get(), def.requestField());
            if (!cursor.isMissingNode() && !cursor.isNull()) { // absent = not wanted; 0 = everything
                if (!cursor.isIntegralNumber()) {
                    return envelope.error(MahakCodes.VALIDATION, "'" + def.requestField() + "' must be a number", null);
                }
                wanted.add(new Wanted(def, cursor.asLong()));
            }
        }
        seedState.generator();
        Response refused = limitToVisitorAndOrderTypes(request.get(), wanted, rc);
        if (refused != null) {
            return refused;
        }
        int pageSize = RequestBodies.get(request.get(), "pageSize").asInt(0);
        boolean inclusive = settings.cursorMode() == CursorMode.INCLUSIVE;
        boolean malformed = settings.fires(FaultKind.MALFORMED, endpoint);
        Random shuffle = new Random(config.seed() * 31 + answers.incrementAndGet());
        if (pageSize > 0 && (long) pageSize * wanted.size() <= BUFFERED_RECORDS) {
            // a bounded page goes out as one buffer: streamed, it reached the event loop as dozens of chunks, and
            // handing them over was most of the cost of a page (Netty's outbound buffer and promise combiners)
            java.io.ByteArrayOutputStream page = new java.io.ByteArrayOutputStream(64 * 1024);
            try {
                getAllDataWriter.write(page, wanted, pageSize, inclusive, malformed, shuffle);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return Response.ok(page.toByteArray(), MediaType.APPLICATION_JSON).build();
        }
        StreamingOutput stream = out -> getAllDataWriter.write(out, wanted, Math.max(pageSize, 0), inclusive,
                malformed, shuffle);
        return Response.ok(stream, MediaType.APPLICATION_JSON).build();
    }

    /**
     * Narrows what GetAllData sends as the live service does: with a {@code currentVisitorId}, people and products
     * only through that visitor's VisitorPeople / VisitorProducts; with {@code orderTypes}, only orders of those
     * types. Returns the refusal when the request may not be answered, else null.
     */
    private Response limitToVisitorAndOrderTypes(JsonNode request, List<Wanted> wanted, RoutingContext rc) {
        JsonNode visitor = RequestBodies.get(request, "currentVisitorId");
        boolean named = !visitor.isMissingNode() && !visitor.isNull() && !(visitor.isNumber() && visitor.asLong() == 0);
        if (named && !visitor.isIntegralNumber()) {
            return envelope.error(MahakCodes.VALIDATION, "'currentVisitorId' must be a number", null);
        }
        if (!named && settings.requireVisitor()) {
            return envelope.error(MahakCodes.VALIDATION,
                    "'currentVisitorId' is required: send the VisitorId that Login returned", null);
        }
        if (named) {
            rc.put(RequestLog.VISITOR_KEY, visitor.asLong()); // for the request log
            VisitorScope.Visible visible = visitorScope.of(visitor.asLong());
            wanted.replaceAll(w -> w.and(visible.filter(w.entity().name())));
        }
        JsonNode orderTypes = RequestBodies.get(request, "orderTypes");
        if (orderTypes.isArray() && !orderTypes.isEmpty()) {
            Set<Integer> types = new HashSet<>();
            orderTypes.forEach(t -> types.add(t.asInt()));
            wanted.replaceAll(w -> !w.entity().name().equals("orders") ? w
                    : w.and(row -> types.contains(recordJson.toContractJson(row).path("orderType").asInt())));
        }
        return null;
    }

    private Response resolveDisputes(EntityDef def, JsonNode items, boolean orderCodes) {
        seedState.generator();
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        boolean allFound = true;
        for (JsonNode item : items) {
            long id = RequestBodies.get(item, "id").asLong();
            Optional<StoredRecord> existing = store.findById(def.name(), id);
            ObjectNode result = results.addObject();
            result.put("EntityId", id);
            if (existing.isEmpty()) {
                allFound = false;
                result.put("Result", false);
                result.putNull("RowVersion");
                continue;
            }
            ObjectNode change = JsonNodeFactory.instance.objectNode();
            JsonNode code = RequestBodies.get(item, "code");
            if (orderCodes && code.canConvertToInt() && code.asInt() != 0 && def.codeField() != null) {
                change.put(def.codeField(), code.asInt());
            }
            StoredRecord saved = mutations.update(def, existing.get(), change, existing.get().origin());
            result.put("Result", true);
            result.put("RowVersion", saved.rowVersion());
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("Results", results);
        return allFound ? envelope.ok(data)
                : envelope.answer(false, MahakCodes.REFERENCE, "Some records do not exist", data);
    }
}
