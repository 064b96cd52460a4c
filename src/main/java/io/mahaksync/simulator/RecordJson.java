package io.mahaksync.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.seed.SeedState;
import io.mahaksync.simulator.store.StoredRecord;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns stored rows into records: camelCase contract JSON inside the simulator, PascalCase on the wire
 * ({@code personId} -> {@code PersonId}), as the real service answers.
 */
@Singleton
public class RecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityCatalog catalog;
    private final SeedState seedState;

    public RecordJson(EntityCatalog catalog, SeedState seedState) {
        this.catalog = catalog;
        this.seedState = seedState;
    }

    /** The whole record, camelCase: key columns from the row, the rest from its payload or the seed. */
    public ObjectNode toContractJson(StoredRecord row) {
        EntityDef def = catalog.get(row.entity());
        ObjectNode fields = row.payload() == null
                ? seedState.generator().generate(row.entity(), row.id())
                : parse(row.payload());
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put(def.idField(), row.id());
        if (def.clientIdField() != null) {
            record.put(def.clientIdField(), row.clientId());
        }
        if (def.codeField() != null) {
            record.put(def.codeField(), row.code());
        }
        record.setAll(fields);
        record.put(EntityDef.DELETED, row.deleted());
        record.put(EntityDef.ROW_VERSION, row.rowVersion());
        return record;
    }

    /**
     * One field of the whole record, what {@code toContractJson(row).path(field)} answers, without building the
     * record (a seeded row's field is generated alone where the generator can).
     */
    public JsonNode field(StoredRecord row, String field) {
        if (field.equals(EntityDef.DELETED)) {
            return JsonNodeFactory.instance.booleanNode(row.deleted());
        }
        if (field.equals(EntityDef.ROW_VERSION)) {
            return JsonNodeFactory.instance.numberNode(row.rowVersion());
        }
        JsonNode value = row.payload() == null ? seedState.generator().field(row.entity(), row.id(), field)
                : parse(row.payload()).get(field);
        if (value != null) { // the payload's fields are set over the key columns
            return value;
        }
        EntityDef def = catalog.get(row.entity());
        if (field.equals(def.idField())) {
            return JsonNodeFactory.instance.numberNode(row.id());
        }
        if (field.equals(def.clientIdField())) {
            return JsonNodeFactory.instance.numberNode(row.clientId());
        }
        if (field.equals(def.codeField())) {
            return JsonNodeFactory.instance.numberNode(row.code());
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The payload column for a record: its fields without the ones the key columns hold. */
    public String toPayload(EntityDef def, ObjectNode record) {
        // written field by field, as copy-remove-toString would: the copy and the object writer's set-up per record
        // were a tenth of SaveAllData's time
        java.io.StringWriter text = new java.io.StringWriter(256);
        try (JsonGenerator out = JSON.getFactory().createGenerator(text)) {
            out.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                if (name.equals(def.idField()) || name.equals(def.clientIdField()) || name.equals(def.codeField())
                        || name.equals(EntityDef.DELETED) || name.equals(EntityDef.ROW_VERSION)) {
                    continue; // held by the key columns
                }
                out.writeFieldName(name);
                writeValue(out, field.getValue());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a " + def.name() + " payload", e);
        }
        return text.toString();
    }

    /** Writes a camelCase record as a PascalCase wire object. */
    public static void writeWire(JsonGenerator out, ObjectNode record) throws IOException {
        out.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            out.writeFieldName(wireName(field.getKey()));
            writeValue(out, field.getValue());
        }
        out.writeEndObject();
    }

    /**
     * Writes a stored row straight to the wire, as {@code writeWire(out, toContractJson(row))} would, without
     * building the record's tree first: GetAllData writes every row of a page this way, and building a second tree
     * per row and spelling each field name again was most of the simulator's own time in a page.
     */
    public void writeWire(JsonGenerator out, StoredRecord row) throws IOException {
        EntityDef def = catalog.get(row.entity());
        ObjectNode fields = row.payload() == null
                ? seedState.generator().generate(row.entity(), row.id())
                : parse(row.payload());
        if (fields.has(def.idField()) || (def.clientIdField() != null && fields.has(def.clientIdField()))
                || (def.codeField() != null && fields.has(def.codeField())) || fields.has(EntityDef.DELETED)
                || fields.has(EntityDef.ROW_VERSION)) {
            writeWire(out, toContractJson(row)); // a payload that repeats a key column: the tree decides the order
            return;
        }
        out.writeStartObject();
        out.writeFieldName(wireName(def.idField()));
        out.writeNumber(row.id());
        if (def.clientIdField() != null) {
            out.writeFieldName(wireName(def.clientIdField()));
            if (row.clientId() == null) {
                out.writeNull();
            } else {
                out.writeNumber(row.clientId());
            }
        }
        if (def.codeField() != null) {
            out.writeFieldName(wireName(def.codeField()));
            if (row.code() == null) {
                out.writeNull();
            } else {
                out.writeNumber(row.code());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            out.writeFieldName(wireName(field.getKey()));
            writeValue(out, field.getValue());
        }
        out.writeFieldName(wireName(EntityDef.DELETED));
        out.writeBoolean(row.deleted());
        out.writeFieldName(wireName(EntityDef.ROW_VERSION));
        out.writeNumber(row.rowVersion());
        out.writeEndObject();
    }

    /** Scalars written directly (writeTree goes through the object mapper for each of them). */
    private static void writeValue(JsonGenerator out, JsonNode v) throws IOException {
        switch (v.getNodeType()) {
            case STRING -> out.writeString(v.textValue());
            case BOOLEAN -> out.writeBoolean(v.booleanValue());
            case NULL -> out.writeNull();
            case NUMBER -> {
                if (v.isInt()) {
                    out.writeNumber(v.intValue());
                } else if (v.isLong()) {
                    out.writeNumber(v.longValue());
                } else if (v.isDouble()) {
                    out.writeNumber(v.doubleValue());
                } else {
                    out.writeTree(v);
                }
            }
            default -> out.writeTree(v);
        }
    }

    /** PascalCase names, pre-encoded once per field name. */
    private static final Map<String, SerializedString> WIRE_NAMES = new ConcurrentHashMap<>();

    private static SerializedString wireName(String name) {
        SerializedString known = WIRE_NAMES.get(name); // a plain get on the hot path: computeIfAbsent costs more
        return known != null ? known : WIRE_NAMES.computeIfAbsent(name, n -> new SerializedString(pascal(n)));
    }

    /** The same record with PascalCase names, as a tree (for small, non-streamed answers). */
    public static ObjectNode toWire(ObjectNode record) {
        ObjectNode wire = JsonNodeFactory.instance.objectNode();
        record.fields().forEachRemaining(f -> wire.set(pascal(f.getKey()), f.getValue()));
        return wire;
    }

    public static String pascal(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static ObjectNode parse(String payload) {
        try {
            return (ObjectNode) JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("A stored payload is not JSON", e);
        }
    }
}
