package io.mahaksync.simulator.save;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.MahakCodes;
import io.mahaksync.simulator.RecordJson;
import io.mahaksync.simulator.RecordMutations;
import io.mahaksync.simulator.VisitorAssignments;
import io.mahaksync.simulator.store.RecordStore;
import io.mahaksync.simulator.store.StoredRecord;
import io.mahaksync.simulator.store.StoredRecord.Origin;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SaveAllData: stores each record that passes, rejects the others with their errors, and answers
 * {@code Data.Objects.<Collection>.Results[]} in input order. Per record, in this order:
 * <ol>
 * <li>3001: unknown field, wrong type, missing client id on insert, client id already used (the result then
 * carries the id of the record that holds it, so a client retrying after a timeout learns it landed; client
 * ids are unique across the whole database, as on the live service), a new order detail without a
 * {@code storeId};</li>
 * <li>2001: a reference (id, client id or code) that matches no record, in the store or earlier in the same
 * request (parents are saved before children whatever the key order), or an update of an unknown id;</li>
 * <li>2002: an update whose {@code rowVersion} is older than the stored one.</li>
 * </ol>
 * A person or product detail a client creates is assigned to the visitor it logged in as (a VisitorPeople /
 * VisitorProducts row), so that the client sees it in GetAllData as it would see its own customers.
 */
@Singleton
public class SaveAllDataService {

    private final EntityCatalog catalog;
    private final ReferenceGraph graph;
    private final RecordStore store;
    private final RecordMutations mutations;
    private final VisitorAssignments assignments;

    public SaveAllDataService(EntityCatalog catalog, ReferenceGraph graph, RecordStore store,
            RecordMutations mutations, VisitorAssignments assignments) {
        this.catalog = catalog;
        this.graph = graph;
        this.store = store;
        this.mutations = mutations;
        this.assignments = assignments;
    }

    public SaveOutcome save(JsonNode request) {
        return save(request, null);
    }

    /** Saves for a client logged in as {@code visitorId} (null: none). */
    public SaveOutcome save(JsonNode request, Integer visitorId) {
        Map<EntityDef, JsonNode> collections = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<EntityDef> def = catalog.find(e.getKey()).filter(EntityDef::saveable);
            if (def.isEmpty()) {
                return new SaveOutcome(false, MahakCodes.VALIDATION, "Unknown collection '" + e.getKey() + "'", null);
            }
            if (!e.getValue().isNull() && !e.getValue().isArray()) {
                return new SaveOutcome(false, MahakCodes.VALIDATION, "'" + e.getKey() + "' must be an array", null);
            }
            collections.put(def.get(), e.getValue());
        }
        List<EntityDef> order = new ArrayList<>(collections.keySet());
        order.sort(Comparator.comparingInt(d -> graph.depth(d.name())));

        Map<EntityDef, ArrayNode> results = new LinkedHashMap<>();
        // checks and writes of the whole request under the write lock, in one transaction
        int firstErrorCode = store.inOneTransaction(() -> {
            int firstError = MahakCodes.OK;
            for (EntityDef def : order) {
                ArrayNode entityResults = JsonNodeFactory.instance.arrayNode();
                int index = 0;
                for (JsonNode record : collections.get(def)) {
                    ObjectNode result = saveOne(def, record, index++, visitorId);
                    if (!result.path("Result").asBoolean() && firstError == MahakCodes.OK) {
                        firstError = result.path("Errors").path(0).path("Code").asInt(MahakCodes.VALIDATION);
                    }
                    entityResults.add(result);
                }
                results.put(def, entityResults);
            }
            return firstError;
        });

        ObjectNode objects = JsonNodeFactory.instance.objectNode();
        for (EntityDef def : collections.keySet()) { // answer in the request's key order
            objects.putObject(RecordJson.pascal(def.saveResultKey())).set("Results", results.get(def));
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("Objects", objects);
        boolean ok = firstErrorCode == MahakCodes.OK;
        return new SaveOutcome(ok, firstErrorCode, ok ? null : "Some records were not saved; see Errors", data);
    }

    private ObjectNode saveOne(EntityDef def, JsonNode sent, int index, Integer visitorId) {
        List<PropertyError> errors = new ArrayList<>();
        Optional<ObjectNode> normalized = RecordValidator.normalize(def, sent, errors);
        Long clientId = longField(sent, def.clientIdField());
        Integer code = intField(sent, def.codeField());
        if (normalized.isEmpty()) {
            return failure(index, null, clientId, code, errors);
        }
        ObjectNode record = normalized.get();
        Long id = longField(record, def.idField());
        boolean insert = id == null || id == 0;

        if (insert && def.clientIdField() != null) {
            if (clientId == null || clientId == 0) {
                errors.add(new PropertyError(def.clientIdField(), MahakCodes.VALIDATION,
                        "'" + def.clientIdField() + "' is required for a new record"));
                return failure(index, null, clientId, code, errors);
            }
            Optional<StoredRecord> holder = store.findByClientId(def.name(), clientId);
            if (holder.isPresent()) {
                errors.add(new PropertyError(def.clientIdField(), MahakCodes.VALIDATION, "Client id " + clientId
                        + " is already used by " + def.name() + " " + holder.get().id()));
                return failure(index, holder.get().id(), clientId, code, errors);
            }
            Optional<RecordStore.ClientIdHolder> other = store.clientIdHolder(clientId);
            if (other.isPresent()) { // not this record landing earlier: no EntityId, which would say so
                errors.add(new PropertyError(def.clientIdField(), MahakCodes.VALIDATION, "Client id " + clientId
                        + " is already used by " + other.get().entity() + " " + other.get().id()
                        + ": client ids must be unique across the whole Mahak database"));
                return failure(index, null, clientId, code, errors);
            }
        }
        if (insert && def.name().equals("orderDetails") && nonZero(longField(record, "storeId")) == null) {
            errors.add(new PropertyError("storeId", MahakCodes.VALIDATION,
                    "'storeId' is required on an order detail: the store its goods leave from"));
            return failure(index, null, clientId, code, errors);
        }
        for (Reference ref : graph.referencesOf(def.name())) {
            resolve(ref, record, errors);
        }
        Optional<StoredRecord> existing = insert ? Optional.empty() : store.findById(def.name(), id);
        if (!insert && existing.isEmpty()) {
            errors.add(new PropertyError(def.idField(), MahakCodes.REFERENCE, "No " + def.name() + " with id " + id));
        }
        if (!errors.isEmpty()) {
            return failure(index, insert ? null : id.intValue(), clientId, code, errors);
        }
        Long sentRowVersion = longField(record, EntityDef.ROW_VERSION);
        if (existing.isPresent() && sentRowVersion != null && sentRowVersion < existing.get().rowVersion()) {
            errors.add(new PropertyError(EntityDef.ROW_VERSION, MahakCodes.CONFLICT, "rowVersion " + sentRowVersion
                    + " is older than the stored " + existing.get().rowVersion()));
            return failure(index, id.intValue(), clientId, code, errors);
        }
        record.remove(EntityDef.ROW_VERSION);
        StoredRecord saved = insert
                ? mutations.insert(def, record, Origin.SAVE)
                : mutations.update(def, existing.get(), record, Origin.SAVE);
        if (insert && visitorId != null) {
            assignments.assign(def, saved, visitorId);
        }
        ObjectNode result = result(true, index, saved.id(), saved.clientId(), saved.code());
        result.put("RowVersion", saved.rowVersion());
        result.putArray("Errors");
        result.putNull("AdditionalData");
        return result;
    }

    /** Finds the parent a reference names, sets its server id on the record, or reports 2001. */
    private void resolve(Reference ref, ObjectNode record, List<PropertyError> errors) {
        Long byId = nonZero(longField(record, ref.idField()));
        Long byClientId = nonZero(longField(record, ref.clientIdField()));
        Long byCode = nonZero(longField(record, ref.codeField()));
        String parent = ref.parent().name();
        Optional<Integer> found;
        String property;
        if (byId != null) { // the id is all that is needed: answered from the store's id sets, without a query
            found = store.exists(parent, byId) ? Optional.of(byId.intValue()) : Optional.empty();
            property = ref.idField();
        } else if (byClientId != null) {
            found = store.findByClientId(parent, byClientId).map(StoredRecord::id);
            property = ref.clientIdField();
        } else if (byCode != null) {
            found = store.findByCode(parent, byCode).map(StoredRecord::id);
            property = ref.codeField();
        } else {
            return; // no reference given
        }
        if (found.isEmpty()) {
            errors.add(new PropertyError(property, MahakCodes.REFERENCE, "No " + parent + " with " + property + " "
                    + record.get(property) + " in Mahak or in this request"));
        } else {
            record.put(ref.idField(), found.get());
        }
    }

    private static ObjectNode failure(int index, Integer entityId, Long clientId, Integer code,
            List<PropertyError> errors) {
        ObjectNode result = result(false, index, entityId, clientId, code);
        result.putNull("RowVersion");
        ArrayNode list = result.putArray("Errors");
        for (PropertyError e : errors) {
            ObjectNode err = list.addObject();
            err.put("Property", e.property());
            err.put("Code", e.code());
            err.put("Error", e.error());
        }
        result.putNull("AdditionalData");
        return result;
    }

    private static ObjectNode result(boolean ok, int index, Integer entityId, Long clientId, Integer code) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("Result", ok);
        result.put("Index", index);
        result.put("EntityId", entityId);
        result.put("EntityClientId", clientId);
        result.put("EntityCode", code);
        return result;
    }

    private static Long nonZero(Long v) {
        return v == null || v == 0 ? null : v;
    }

    private static Long longField(JsonNode n, String field) {
        if (field == null || n == null || !n.isObject()) {
            return null;
        }
        JsonNode v = n.get(field);
        if (v == null) { // the client may spell names in another case
            for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (name.equalsIgnoreCase(field)) {
                    v = n.get(name);
                }
            }
        }
        return v == null || !v.isIntegralNumber() ? null : v.asLong();
    }

    private static Integer intField(JsonNode n, String field) {
        Long v = longField(n, field);
        return v == null ? null : v.intValue();
    }
}
