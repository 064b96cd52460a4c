package io.mahaksync.ops.admin;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.client.MahakClient;
import io.mahaksync.ops.OpsSnapshot;
import io.mahaksync.ops.leader.LeaderElection;
import io.mahaksync.ops.health.SourceResetReadiness;
import io.mahaksync.pull.CursorStore;
import io.mahaksync.pull.EntityVerifier;
import io.mahaksync.pull.SourceGuard;
import io.mahaksync.pull.EmptyEntities;
import io.mahaksync.pull.PullCycle;
import io.mahaksync.pull.SyncState;
import io.mahaksync.targetdb.DeadLetterStore;
import io.mahaksync.targetdb.DeadLetterStore.DeadLetter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

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
    private static final List<String> CONFLICT_STATUSES = List.of("open", "resent", "solved", "dismissed");
    /** Most rows one list answer holds. */
    private static final int MAX_LIST = 1000;

    private final EntityCatalog catalog;
    private final CursorStore cursors;
    private final DeadLetterStore deadLetters;
    private final Instance<DeadLetterReplayer> replayers;
    private final Instance<ConflictDesk> conflictDesks;
    private final ProducerTemplate producer;
    private final CamelContext camel;
    private final LeaderElection leader;
    private final OpsSnapshot snapshot;
    // Injected into fields so that the constructor other features extend stays as it is.
    @Inject
    EntityVerifier verifier;
    @Inject
    SourceGuard sourceGuard;
    @Inject
    @org.eclipse.microprofile.health.Readiness
    SourceResetReadiness sourceReadiness;
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
    public Response pullAll(@QueryParam("wait") String wait) {
        return pull(null, flag("wait", wait));
    }

    @POST
    @Path("/pull/{entity}")
    @Operation(summary = "Pull one entity now", description = "The entity by its CommitDataModel name, e.g. people.")
    public Response pullOne(@PathParam("entity") String entity, @QueryParam("wait") String wait) {
        boolean waitForIt = flag("wait", wait);
        Optional<EntityDef> def = catalog.find(entity);
        if (def.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "unknown entity");
        }
        return pull(List.of(def.get().name()), waitForIt);
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
        sourceGuard.resume(name, Optional.empty()); // at cursor 0 the entity takes the database Login names next
        sourceReadiness.invalidate();
        snapshot.invalidate();
        LOG.infof("Admin: cursor of %s reset to 0", name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entity", name);
        body.put("reset", had);
        body.put("state", cursors.state(name).orElse(null));
        return Response.ok(body).build();
    }

    // ------------------------------------------------------------------------------ verify, re-sync, source

    @POST
    @Path("/entities/{entity}/verify")
    @Operation(summary = "Verify one entity against Mahak",
            description = "Re-reads it from version 0 at a low rate and repairs every missing, extra or stale row "
                    + "(202, running; with wait=true the report). Row versions that went backwards stop its pull "
                    + "(mahak.pull.on-source-reset=stop) or move its cursor back (resync).")
    public Response verify(@PathParam("entity") String entity, @QueryParam("wait") boolean wait) {
        return pass(entity, wait, false);
    }

    @GET
    @Path("/entities/{entity}/verify")
    @Operation(summary = "The entity's last verify and re-sync passes, newest first")
    public Response verifyReports(@PathParam("entity") String entity,
            @QueryParam("limit") Integer limit) {
        Optional<EntityDef> def = catalog.find(entity);
        if (def.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "unknown entity");
        }
        return Response.ok(verifier.reports(def.get().name(), limit == null ? 10 : Math.max(1, Math.min(limit, 100)))).build();
    }

    @POST
    @Path("/entities/{entity}/resync")
    @Operation(summary = "Re-sync one entity from version 0",
            description = "Every record is read again and written as Mahak sends it, rows Mahak no longer has are "
                    + "marked deleted (removed in hard delete mode), the cursor goes to Mahak's newest row version, "
                    + "the entity takes the identity Login answers now and its pull resumes.")
    public Response resync(@PathParam("entity") String entity, @QueryParam("wait") boolean wait) {
        return pass(entity, wait, true);
    }

    @GET
    @Path("/source")
    @Operation(summary = "Which Mahak database each entity's cursor belongs to, and the stopped ones with why")
    public Response source() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("onSourceReset", sourceGuard.policy().name().toLowerCase());
        body.put("entities", sourceGuard.sources().values());
        return Response.ok(body).build();
    }

    private Response pass(String entity, boolean wait, boolean resync) {
        Optional<EntityDef> def = catalog.find(entity);
        if (def.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "unknown entity");
        }
        if (!leader.isLeader(camel, LeaderElection.NAMESPACE)) {
            return error(Response.Status.CONFLICT, "this instance is not the active runner; the leader is "
                    + leader.leaderOf(camel, LeaderElection.NAMESPACE).orElse("unknown"));
        }
        String name = def.get().name();
        if (verifier.isRunning(name)) {
            return error(Response.Status.CONFLICT, "a verify or re-sync of " + name + " is already running");
        }
        LOG.infof("Admin: %s of %s requested", resync ? "re-sync" : "verify", name);
        java.util.function.Supplier<EntityVerifier.Report> run = () -> {
            try {
                return resync ? verifier.resync(name) : verifier.verify(name);
            } finally {
                snapshot.invalidate();
                sourceReadiness.invalidate();
            }
        };
        if (!wait) {
            java.util.concurrent.CompletableFuture.supplyAsync(run).exceptionally(e -> {
                LOG.warnf("Admin: %s of %s failed: %s", resync ? "re-sync" : "verify", name, e.getMessage());
                return null;
            });
            return Response.accepted(Map.of(resync ? "resyncing" : "verifying", name)).build();
        }
        try {
            return Response.ok(run.get()).build();
        } catch (IllegalStateException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        } catch (RuntimeException e) {
            return error(Response.Status.BAD_GATEWAY, (resync ? "re-sync" : "verify") + " failed: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------ dead letters

    @GET
    @Path("/dead-letters")
    @Operation(summary = "Dead letters, newest first",
            description = "status: waiting | replayed | discarded; limit: 1 to 1000 (default 100)")
    public Response listDeadLetters(@QueryParam("status") String status, @QueryParam("flow") String flow,
            @QueryParam("limit") String limit) {
        if (status != null && !DEAD_LETTER_STATUSES.contains(status)) {
            return error(Response.Status.BAD_REQUEST, "status must be one of " + DEAD_LETTER_STATUSES + ", was '"
                    + status + "'");
        }
        return Response.ok(deadLetters.list(status, flow, number("limit", limit, 100, 1, MAX_LIST))).build();
    }

    @GET
    @Path("/dead-letters/{id}")
    @Operation(summary = "One dead letter with its payload and reason")
    public Response deadLetter(@PathParam("id") String idText) {
        long id = id(idText);
        return deadLetters.find(id).map(d -> Response.ok(d).build())
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "no dead letter " + id));
    }

    @POST
    @Path("/dead-letters/{id}/replay")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "Replay a dead letter through its flow",
            description = "An optional JSON body replaces the stored payload (a corrected record).")
    public Response replay(@PathParam("id") String idText, String correctedPayload) {
        long id = id(idText);
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
    public Response discard(@PathParam("id") String idText) {
        long id = id(idText);
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
        if (status != null && !CONFLICT_STATUSES.contains(status)) {
            return error(Response.Status.BAD_REQUEST, "status must be one of " + CONFLICT_STATUSES + ", was '"
                    + status + "'");
        }
        return desk().map(d -> Response.ok(d.list(status)).build()).orElseGet(AdminResource::noDesk);
    }

    @POST
    @Path("/conflicts/{id}/solve")
    @Operation(summary = "Settle a conflict with Mahak (SolveDispute / SolveOrderDispute)")
    public Response solve(@PathParam("id") String idText) {
        long id = id(idText);
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
    public Response dismiss(@PathParam("id") String idText) {
        long id = id(idText);
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

    // ------------------------------------------------------------------------------ parameters

    /**
     * A query or path parameter that is not what it must be: answered 400 with the parameter, what it must be
     * and what it was (JAX-RS would answer a bare 404 for a number that does not parse).
     */
    static final class BadParameter extends RuntimeException {
        BadParameter(String message) {
            super(message);
        }
    }

    @ServerExceptionMapper
    Response badParameter(BadParameter e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    /** true / false; absent or empty: false. */
    static boolean flag(String name, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new BadParameter(name + " must be true or false, was '" + value + "'");
    }

    /** A whole number from min to max; absent or empty: the default. */
    static int number(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new BadParameter(name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
    }

    /** The id of a dead letter or conflict in a path: a positive whole number. */
    static long id(String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new BadParameter("id must be a positive whole number, was '" + value + "'");
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
