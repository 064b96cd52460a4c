package io.mahaksync.simulator.api;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.ApiPaths;
import io.mahaksync.simulator.EntityNames;
import io.mahaksync.simulator.Envelope;
import io.mahaksync.simulator.MahakCodes;
import io.mahaksync.simulator.RecordJson;
import io.mahaksync.simulator.TokenService;
import io.mahaksync.simulator.seed.SeedState;
import io.mahaksync.simulator.store.RecordStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** The Lookup GETs: one record by entity and server id, answered as {@code Data} in PascalCase. */
@Path(ApiPaths.LOOKUP)
@Produces(MediaType.APPLICATION_JSON)
public class LookupResource {

    private final EntityCatalog catalog;
    private final EntityNames entityNames;
    private final Envelope envelope;
    private final TokenService tokens;
    private final SeedState seedState;
    private final RecordStore store;
    private final RecordJson recordJson;

    public LookupResource(EntityCatalog catalog, EntityNames entityNames, Envelope envelope, TokenService tokens,
            SeedState seedState, RecordStore store, RecordJson recordJson) {
        this.catalog = catalog;
        this.entityNames = entityNames;
        this.envelope = envelope;
        this.tokens = tokens;
        this.seedState = seedState;
        this.store = store;
        this.recordJson = recordJson;
    }

    @GET
    @Path("GetProductInfo")
    public Response productInfo(@HeaderParam("Authorization") String authorization,
            @QueryParam("productId") Long productId) {
        return lookup(authorization, Optional.of(catalog.get("products")), productId);
    }

    @GET
    @Path("GetPersonInfo")
    public Response personInfo(@HeaderParam("Authorization") String authorization,
            @QueryParam("personId") Long personId) {
        return lookup(authorization, Optional.of(catalog.get("people")), personId);
    }

    @GET
    @Path("Get/{entityType}/{entityId}")
    public Response get(@HeaderParam("Authorization") String authorization, @PathParam("entityType") String entityType,
            @PathParam("entityId") Long entityId) {
        return lookup(authorization, entityNames.resolve(entityType), entityId);
    }

    private Response lookup(String authorization, Optional<EntityDef> entity, Long id) {
        if (!tokens.valid(authorization)) {
            return envelope.unauthorized();
        }
        if (entity.isEmpty()) {
            return envelope.error(MahakCodes.VALIDATION, "Unknown entity type", null);
        }
        if (id == null) {
            return envelope.error(MahakCodes.VALIDATION, "An id is required", null);
        }
        seedState.generator();
        return store.findById(entity.get().name(), id)
                .map(row -> envelope.ok(RecordJson.toWire(recordJson.toContractJson(row))))
                .orElseGet(() -> envelope.error(MahakCodes.NOT_FOUND,
                        "No " + entity.get().name() + " with id " + id, null));
    }
}
