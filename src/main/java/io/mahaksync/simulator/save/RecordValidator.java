package io.mahaksync.simulator.save;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import io.mahaksync.simulator.MahakCodes;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a record sent to SaveAllData against its contract model (code 3001): every field must be one of
 * the model's (names read case-insensitively) and carry a value of the field's type. Returns the record with
 * the contract's spelling of each name, ready to store.
 */
final class RecordValidator {

    private static final Pattern DATE_TIME = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}([T ].*)?$");

    private RecordValidator() {
    }

    static Optional<ObjectNode> normalize(EntityDef def, JsonNode record, List<PropertyError> errors) {
        if (!record.isObject()) {
            errors.add(new PropertyError(null, MahakCodes.VALIDATION, "A record must be a JSON object"));
            return Optional.empty();
        }
        ObjectNode normalized = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<FieldDef> known = def.field(field.getKey());
            if (known.isEmpty()) {
                errors.add(new PropertyError(field.getKey(), MahakCodes.VALIDATION,
                        "Unknown field '" + field.getKey() + "' for " + def.model()));
                continue;
            }
            FieldDef f = known.get();
            if (!fits(f, field.getValue())) {
                errors.add(new PropertyError(f.name(), MahakCodes.VALIDATION,
                        "'" + f.name() + "' must be " + f.type().name().toLowerCase() + ", not " + field.getValue()));
                continue;
            }
            normalized.set(f.name(), field.getValue());
        }
        return errors.isEmpty() ? Optional.of(normalized) : Optional.empty();
    }

    private static boolean fits(FieldDef f, JsonNode v) {
        if (v.isNull()) {
            return true;
        }
        return switch (f.type()) {
            case INT32 -> v.isIntegralNumber() && v.canConvertToInt();
            case INT64 -> v.isIntegralNumber() && v.canConvertToLong();
            case DOUBLE -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case STRING -> v.isTextual();
            case TIMESTAMP -> v.isTextual() && DATE_TIME.matcher(v.asText()).matches();
        };
    }
}
