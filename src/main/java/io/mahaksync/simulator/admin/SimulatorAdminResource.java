package io.mahaksync.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.simulator.ApiPaths;
import io.mahaksync.simulator.MahakSimulator;
import io.mahaksync.simulator.RequestLog;
import io.mahaksync.simulator.SimulatorConfig;
import io.mahaksync.simulator.store.RecordState;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * The simulator's admin API (plain camelCase JSON, no envelope, no token): reseed, behaviour switches and
 * faults, record mutations that drive deltas, and inspection of saved records and recent requests.
 * The README's simulator section lists every call with a curl example.
 */
@Path(ApiPaths.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorAdminResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MahakSimulator simulator;
    private final SimulatorConfig config;

    public SimulatorAdminResource(MahakSimulator simulator, SimulatorConfig config) {
        this.simulator = simulator;
        this.config = config;
    }

    @GET
    @Path("status")
    public ObjectNode status() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seed", simulator.seed());
        n.put("lastRowVersion", simulator.lastRowVersion());
        n.put("syncId", simulator.syncId());
        n.put("visitorId", simulator.visitorId());
        ObjectNode counts = n.putObject("counts");
        simulator.counts().forEach(counts::put);
        n.set("behaviour", BehaviourJson.toJson(simulator.faults()));
        return n;
    }

    /**
     * {@code {"seed":7,"records":100000,"visitorId":3,"visitorShare":0.5}}, all optional (configured values by
     * default): the visitor Login names and the share of people and product details assigned to it.
     */
    @POST
    @Path("reset")
    public Response reset(String body) {
        return handle(() -> {
            JsonNode request = parse(body);
            simulator.reseed(request.path("seed").asLong(config.seed()), request.path("records").asInt(config.records()),
                    request.path("visitorId").asInt(config.visitorId()),
                    request.path("visitorShare").asDouble(config.visitorShare()));
            return Response.ok(status()).build();
        });
    }

    /** {@code {"by":-100000}}: every row version (and the counter) moves by that much; the identity stays. */
    @POST
    @Path("row-versions/shift")
    public Response shiftRowVersions(String body) {
        return handle(() -> {
            JsonNode by = parse(body).path("by");
            if (!by.canConvertToLong()) {
                throw new IllegalArgumentException("Give the shift as {\"by\": <whole number>}");
            }
            simulator.shiftRowVersions(by.asLong());
            return Response.ok(status()).build();
        });
    }

    /** Keeps a copy of every record and of the row version counter. */
    @POST
    @Path("snapshot")
    public Response snapshot() {
        return handle(() -> {
            simulator.snapshot();
            return Response.ok(status()).build();
        });
    }

    /** {@code {"newIdentity":false}}: the last snapshot comes back, as a database restored from a backup. */
    @POST
    @Path("restore")
    public Response restore(String body) {
        return handle(() -> {
            simulator.restoreSnapshot(parse(body).path("newIdentity").asBoolean(false));
            return Response.ok(status()).build();
        });
    }

    @GET
    @Path("faults")
    public ObjectNode faults() {
        return BehaviourJson.toJson(simulator.faults());
    }

    /** Partial update of faults, token lifetime, cursor mode and dialect; answers the new state. */
    @PUT
    @Path("faults")
    public Response setFaults(String body) {
        return handle(() -> {
            BehaviourJson.apply(parse(body), simulator.faults());
            return Response.ok(faults()).build();
        });
    }

    /** Back to the configured faults, token lifetime, cursor mode and dialect. */
    @DELETE
    @Path("faults")
    public ObjectNode resetFaults() {
        simulator.resetBehaviour();
        return faults();
    }

    @POST
    @Path("tokens/expire")
    public Response expireTokens() {
        simulator.expireTokens();
        return Response.noContent().build();
    }

    @GET
    @Path("entities")
    public Map<String, Long> counts() {
        return simulator.counts();
    }

    /** id, rowVersion and deleted of the entity's records, by id; {@code offset}/{@code limit} page it. */
    @GET
    @Path("entities/{entity}/records")
    public Response states(@PathParam("entity") String entity, @QueryParam("offset") Integer offset,
            @QueryParam("limit") Integer limit) {
        return handle(() -> {
            List<RecordState> states = simulator.states(entity);
            int from = Math.min(offset == null ? 0 : Math.max(offset, 0), states.size());
            int to = limit == null ? states.size() : Math.min(states.size(), from + Math.max(limit, 0));
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (RecordState s : states.subList(from, to)) {
                list.addObject().put("id", s.id()).put("rowVersion", s.rowVersion()).put("deleted", s.deleted());
            }
            return Response.ok(list).build();
        });
    }

    @GET
    @Path("entities/{entity}/records/{id}")
    public Response record(@PathParam("entity") String entity, @PathParam("id") int id) {
        return handle(() -> simulator.record(entity, id).map(r -> Response.ok(r).build())
                .orElseGet(() -> Response.status(404).build()));
    }

    /** Inserts a record (camelCase fields) with the next id and row version. */
    @POST
    @Path("entities/{entity}/records")
    public Response insert(@PathParam("entity") String entity, String body) {
        return handle(() -> Response.status(201).entity(simulator.insert(entity, object(body))).build());
    }

    /** Changes the given fields of a record and bumps its row version. */
    @PATCH
    @Path("entities/{entity}/records/{id}")
    public Response update(@PathParam("entity") String entity, @PathParam("id") int id, String body) {
        return handle(() -> Response.ok(simulator.update(entity, id, object(body))).build());
    }

    /** Logical delete: deleted=true and a new row version. */
    @DELETE
    @Path("entities/{entity}/records/{id}")
    public Response delete(@PathParam("entity") String entity, @PathParam("id") int id) {
        return handle(() -> Response.ok(simulator.delete(entity, id)).build());
    }

    /** What clients saved through SaveAllData, as stored now. */
    @GET
    @Path("entities/{entity}/saved")
    public Response saved(@PathParam("entity") String entity) {
        return handle(() -> Response.ok(JSON.valueToTree(simulator.saved(entity))).build());
    }

    /** Recent API calls, oldest first: time, method, path, status (0 = dropped), sizes, duration. */
    @GET
    @Path("requests")
    public ArrayNode requests() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (RequestLog.Entry e : simulator.requestLog()) {
            list.addObject().put("time", e.time().toString()).put("method", e.method()).put("path", e.path())
                    .put("status", e.status()).put("requestBytes", e.requestBytes())
                    .put("responseBytes", e.responseBytes()).put("durationMs", e.durationMs())
                    .put("currentVisitorId", e.currentVisitorId());
        }
        return list;
    }

    @DELETE
    @Path("requests")
    public Response clearRequests() {
        simulator.clearRequestLog();
        return Response.noContent().build();
    }

    /** Maps the façade's exceptions to 400 (bad input) and 404 (no such record or entity). */
    private static Response handle(Supplier<Response> action) {
        try {
            return action.get();
        } catch (NoSuchElementException e) {
            return Response.status(404).entity(error(e.getMessage())).build();
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(error(e.getMessage())).build();
        }
    }

    private static ObjectNode error(String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("The body is not JSON");
        }
    }

    private static ObjectNode object(String body) {
        JsonNode n = parse(body);
        if (!n.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object");
        }
        return (ObjectNode) n;
    }
}
