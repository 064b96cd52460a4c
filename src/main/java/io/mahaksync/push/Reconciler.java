package io.mahaksync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.client.Envelope;
import io.mahaksync.client.MahakClient;
import io.mahaksync.client.MahakPermanentException;
import io.mahaksync.client.MahakTransientException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds out which records Mahak already holds, by client id: GetAllData of one entity from a row
 * version recorded before sending, page by page until a page brings nothing newer. This is how a
 * request whose outcome is unknown (timeout, 5xx, crash) is settled before anything is sent again.
 */
@Singleton
public class Reconciler {

    private final MahakClient client;
    private final EntityCatalog catalog;
    private final PushSettings settings;
    private final ObjectMapper mapper;

    public Reconciler(MahakClient client, EntityCatalog catalog, PushSettings settings, ObjectMapper mapper) {
        this.client = client;
        this.catalog = catalog;
        this.settings = settings;
        this.mapper = mapper;
    }

    /** What Mahak holds for a client id. */
    public record Found(long clientId, Long serverId, Long rowVersion) {
    }

    /** The records of {@code entity} with one of {@code clientIds} changed after {@code fromVersion}. */
    public Map<Long, Found> find(String entityName, Set<Long> clientIds, long fromVersion) {
        EntityDef entity = catalog.get(entityName);
        Map<Long, Found> found = new HashMap<>();
        long cursor = Math.max(0, fromVersion);
        while (found.size() < clientIds.size()) {
            ObjectNode request = mapper.createObjectNode();
            request.put(entity.requestField(), cursor);
            request.put("pageSize", settings.reconcilePageSize());
            JsonNode root;
            try (InputStream in = client.getAllData(request)) {
                root = mapper.readTree(in);
            } catch (IOException e) {
                throw new MahakTransientException("GetAllData", 0, null,
                        "Reading GetAllData while reconciling " + entityName + " failed: " + e.getMessage(), e);
            }
            Envelope envelope = Envelope.of(root);
            if (!envelope.result()) {
                throw new MahakPermanentException("GetAllData", envelope.code(),
                        "GetAllData while reconciling " + entityName + ": " + envelope.describeFailure(), null);
            }
            JsonNode records = Envelope.firstOf(Envelope.firstOf(envelope.data(), "objects"), entity.collection());
            long highest = cursor;
            boolean newer = false;
            for (JsonNode r : records) {
                JsonNode rv = Envelope.firstOf(r, EntityDef.ROW_VERSION);
                long rowVersion = rv.asLong(0);
                if (rowVersion > cursor) {
                    newer = true;
                }
                highest = Math.max(highest, rowVersion);
                JsonNode cid = Envelope.firstOf(r, entity.clientIdField());
                if (cid.canConvertToLong() && clientIds.contains(cid.asLong())) {
                    JsonNode id = Envelope.firstOf(r, entity.idField());
                    found.put(cid.asLong(), new Found(cid.asLong(), id.canConvertToLong() ? id.asLong() : null,
                            rv.canConvertToLong() ? rowVersion : null));
                }
            }
            if (!newer || records.size() == 0) {
                break;
            }
            cursor = highest;
        }
        return found;
    }
}
