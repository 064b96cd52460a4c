package io.mahaksync.ops.admin;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.client.MahakClient;
import io.mahaksync.ops.OpsSnapshot;
import io.mahaksync.ops.leader.LeaderElection;
import io.mahaksync.pull.CursorStore;
import io.mahaksync.pull.EmptyEntities;
import io.mahaksync.pull.PullCycle;
import io.mahaksync.pull.SyncState;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.DeadLetterStore.DeadLetter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The operator's API: pull now, reset an entity's cursor, list and replay dead letters, list and
 * solve conflicts. HTTP Basic, role {@code mahak-admin}. Entity names are checked against the
 * catalog, so no name from a request reaches SQL; ids and filters are bind parameters.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminResource.ROLE)
@Tag(name = "admin", description = "Operations on the running sync")
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
@SecurityRequirement(name = "basic")
public class AdminResource {

    public static final String ROLE = "mahak-admin";
    private static final Logger LOG = Logger.getLogger(AdminResource.class);
    private static final Set<String> DEAD_LETTER_STATUSES = Set.of(DeadLetterStore.WAITING, DeadLetterStore.REPLAYED,
            DeadLetterStore.DISCARDED);

    private final EntityCatalog catalog;
    private final CursorStore cursors;
    private final DeadLetterStore deadLetters;
    private final Instance<DeadLetterReplayer> replayers;
    private final Instance<ConflictDesk> conflictDesks;
    private final ProducerTemplate producer;
    private final CamelContext camel;
    private final LeaderElection leader;
    private final OpsSnapshot snapshot;
    private final MahakClient client;
    private final EmptyEntities empty;

    AdminResource(EntityCatalog catalog, CursorStore cursors, DeadLetterStore deadLetters,
            Instance<DeadLetterReplayer> replayers, Instance<ConflictDesk> conflictDesks, ProducerTemplate producer,
            CamelContext camel, LeaderElection leader, OpsSnapshot snapshot, MahakClient client, EmptyEntities empty) {
        this.catalog = catalog;
        this.cursors = cursors;
        this.deadLetters = deadLetters;
        this.replayers = replayers;
        this.conflictDesks = conflictDesks;
        this.producer = producer;
        this.camel = camel;
        this.leader = leader;
        this.snapshot = snapshot;
        this.client = client;
        this.empty = empty;
    }

    // ------------------------------------------------------------------------------ pull and cursors

    @POST
    @Path("/pull")
    @Operation(summary = "Pull every configured entity now",
            description = "Starts a pull cycle at once (202); with wait=true, answers when it ends with its counts.")
    public Response pullAll(@QueryParam("wait") @DefaultValue("false") boolean wait) {
        return pull(null, wait);
    }

    @POST
    @Path("/pull/{entity}")
    @Operation(summary = "Pull one entity now", description = "The entity by its CommitDataModel name, e.g. people.")
    public Response pullOne(@PathParam("entity") String entity, @QueryParam("wait") @DefaultValue("false") boolean wait) {
        Optional<EntityDef> def = catalog.find(entity);
        if (def.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "unknown entity");
        }
        return pull(List.of(def.get().name()), wait);
    }

    private Response pull(List<String> entities, boolean wait) {
        if (!leader.isLeader(camel, LeaderElection.NAMESPACE)) {
            // Pulling here would run next to the leader's own cycle: send the operator there instead.
            return error(Response.Status.CONFLICT, "this instance is not the active runner; the leader is "
                    + leader.leaderOf(camel, LeaderElection.NAMESPACE).orElse("unknown"));
        }
        if (camel.getRoute("pull-now") == null) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "the pull-now route is not loaded");
        }
        LOG.infof("Admin: pull now requested for %s", entities == null ? "all configured entities" : entities);
        if (!wait) {
            producer.asyncRequestBody("direct:pull-now", entities);
            return Response.accepted(Map.of("pulling", entities == null ? "all" : entities)).build();
        }
        try {
            PullCycle cycle = producer.requestBody("direct:pull-now", entities, PullCycle.class);
            snapshot.invalidate();
            List<Map<String, Object>> out = new ArrayList<>();
            for (PullCycle.EntityProgress p : cycle.entities()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("entity", p.entity().name());
                row.put("upserted", p.upserted());
                row.put("deleted", p.deleted());
                row.put("pages", p.pages());
                row.put("cursor", p.cursor());
                out.add(row);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("entities", out);
            body.put("failure", cycle.failure());
            body.put("elapsedMs", cycle.elapsed().toMillis());
            return Response.ok(body).build();
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return error(Response.Status.BAD_GATEWAY, "pull failed: " + cause.getMessage());
        }
    }

    @GET
    @Path("/entities")
    @Operation(summary = "Every entity's sync state: cursor, last success, last error, totals, the visitor "
            + "GetAllData is sent for, and why an entity is empty after its first full sync")
    public List<Map<String, Object>> entities() {
        Long visitor = client.currentVisitorId().orElse(null);
        List<Map<String, Object>> out = new ArrayList<>();
        for (SyncState s : cursors.states()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("entity", s.entity());
            row.put("rowVersion", s.rowVersion());
            row.put("lastSuccessAt", s.lastSuccessAt());
            row.put("lastAttemptAt", s.lastAttemptAt());
            row.put("lastError", s.lastError());
            row.put("recordsTotal", s.recordsTotal());
            row.put("deletedTotal", s.deletedTotal());
            row.put("pagesTotal", s.pagesTotal());
            row.put("lastCycleRecords", s.lastCycleRecords());
            row.put("updatedAt", s.updatedAt());
            row.put("visitorId", visitor);
            row.put("emptyAfterFullSync", empty.note(s.entity()).orElse(null));
            out.add(row);
        }
        return out;
    }

    @POST
    @Path("/entities/{entity}/reset")
    @Operation(summary = "Reset one entity's cursor to 0",
            description = "Its next pull is a full re-sync; rows already stored are upserted again, not duplicated.")
    public Response reset(@PathParam("entity") String entity) {
        Optional<EntityDef> def = catalog.find(entity);
        if (def.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "unknown entity");
        }
        String name = def.get().name();
        boolean had = cursors.reset(name);
        snapshot.invalidate();
        LOG.infof("Admin: cursor of %s reset to 0", name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entity", name);
        body.put("reset", had);
        body.put("state", cursors.state(name).orElse(null));
        return Response.ok(body).build();
    }

    // ------------------------------------------------------------------------------ dead letters

    @GET
    @Path("/dead-letters")
    @Operation(summary = "Dead letters, newest first", description = "status: waiting | replayed | discarded")
    public Response listDeadLetters(@QueryParam("status") String status, @QueryParam("flow") String flow,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (status != null && !DEAD_LETTER_STATUSES.contains(status)) {
            return error(Response.Status.BAD_REQUEST, "status must be one of " + DEAD_LETTER_STATUSES);
        }
        return Response.ok(deadLetters.list(status, flow, Math.max(1, Math.min(limit, 1000)))).build();
    }

    @GET
    @Path("/dead-letters/{id}")
    @Operation(summary = "One dead letter with its payload and reason")
    public Response deadLetter(@PathParam("id") long id) {
        return deadLetters.find(id).map(d -> Response.ok(d).build())
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "no dead letter " + id));
    }

    @POST
    @Path("/dead-letters/{id}/replay")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "Replay a dead letter through its flow",
            description = "An optional JSON body replaces the stored payload (a corrected record).")
    public Response replay(@PathParam("id") long id, String correctedPayload) {
        Optional<DeadLetter> found = deadLetters.find(id);
        if (found.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no dead letter " + id);
        }
        DeadLetter dl = found.get();
        if (!DeadLetterStore.WAITING.equals(dl.status())) {
            return error(Response.Status.CONFLICT, "dead letter " + id + " is " + dl.status() + ", not waiting");
        }
        Optional<DeadLetterReplayer> replayer = replayers.stream().filter(r -> r.flow().equals(dl.flow())).findFirst();
        if (replayer.isEmpty()) {
            return error(Response.Status.NOT_IMPLEMENTED, "no replayer for flow '" + dl.flow() + "'");
        }
        try {
            Object result = replayer.get().replay(id, correctedPayload == null || correctedPayload.isBlank() ? null
                    : correctedPayload);
            snapshot.invalidate();
            LOG.infof("Admin: dead letter %d (%s) replayed", id, dl.flow());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("replayed", true);
            body.put("result", result);
            return Response.ok(body).build();
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (IllegalStateException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    @POST
    @Path("/dead-letters/{id}/discard")
    @Operation(summary = "Discard a dead letter: it stays on record but no longer waits")
    public Response discard(@PathParam("id") long id) {
        Optional<DeadLetter> found = deadLetters.find(id);
        if (found.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no dead letter " + id);
        }
        if (!DeadLetterStore.WAITING.equals(found.get().status())) {
            return error(Response.Status.CONFLICT, "dead letter " + id + " is " + found.get().status() + ", not waiting");
        }
        deadLetters.markStatus(id, DeadLetterStore.DISCARDED);
        snapshot.invalidate();
        LOG.infof("Admin: dead letter %d discarded", id);
        return Response.ok(deadLetters.find(id).orElseThrow()).build();
    }

    // ------------------------------------------------------------------------------ conflicts

    @GET
    @Path("/conflicts")
    @Operation(summary = "Push conflicts (Mahak 2002), newest first", description = "status: open | resent | solved | dismissed")
    public Response conflicts(@QueryParam("status") String status) {
        return desk().map(d -> Response.ok(d.list(status)).build()).orElseGet(AdminResource::noDesk);
    }

    @POST
    @Path("/conflicts/{id}/solve")
    @Operation(summary = "Settle a conflict with Mahak (SolveDispute / SolveOrderDispute)")
    public Response solve(@PathParam("id") long id) {
        Optional<ConflictDesk> desk = desk();
        if (desk.isEmpty()) {
            return noDesk();
        }
        if (desk.get().find(id).isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no conflict " + id);
        }
        try {
            Object answer = desk.get().solve(id);
            LOG.infof("Admin: conflict %d solved", id);
            return Response.ok(Map.of("id", id, "solved", true, "mahak", answer == null ? Map.of() : answer)).build();
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return error(Response.Status.BAD_GATEWAY, "Mahak did not settle the conflict: " + cause.getMessage());
        }
    }

    @POST
    @Path("/conflicts/{id}/dismiss")
    @Operation(summary = "Close a conflict without asking Mahak")
    public Response dismiss(@PathParam("id") long id) {
        Optional<ConflictDesk> desk = desk();
        if (desk.isEmpty()) {
            return noDesk();
        }
        if (desk.get().find(id).isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no conflict " + id);
        }
        desk.get().dismiss(id);
        LOG.infof("Admin: conflict %d dismissed", id);
        return Response.ok(Map.of("id", id, "dismissed", true)).build();
    }

    private Optional<ConflictDesk> desk() {
        return conflictDesks.isResolvable() ? Optional.of(conflictDesks.get()) : Optional.empty();
    }

    private static Response noDesk() {
        return error(Response.Status.NOT_IMPLEMENTED, "conflicts are kept by the push side, which is not installed");
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error",
                message == null ? status.getReasonPhrase() : message)).build();
    }
}
