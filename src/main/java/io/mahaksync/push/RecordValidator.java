package io.mahaksync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks one record against the entity catalog before it may be sent: the entity can be saved, every
 * field is a contract field (any letter case), every value has the field's type, and the client id is
 * there. It returns the record in the contract's spelling and types, or every reason it is not valid.
 */
@Singleton
public class RecordValidator {

    private final EntityCatalog catalog;

    public RecordValidator(EntityCatalog catalog) {
        this.catalog = catalog;
    }

    /** A record that may be sent. */
    public record Valid(EntityDef entity, long clientId, ObjectNode payload) {
    }

    /** One reason a record is not valid: the field it is about (null: the record as a whole) and the reason, naming it. */
    public record Problem(String field, String reason) {
    }

    /** The outcome: either valid or the reasons it is not. */
    public record Outcome(Valid valid, List<Problem> problems) {
        /** An outcome of one reason about the whole record (null: valid). */
        public Outcome(Valid valid, String error) {
            this(valid, error == null ? List.of() : List.of(new Problem(null, error)));
        }

        public boolean ok() {
            return valid != null;
        }

        /** Every reason, in one line (null when valid): what mahak_outbox.last_error and result files show. */
        public String error() {
            return problems.isEmpty() ? null
                    : String.join("; ", problems.stream().map(Problem::reason).toList());
        }
    }

    /** The entity a push may name, or the reason it cannot be pushed. */
    public EntityDef pushable(String name) {
        EntityDef e = catalog.find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown entity '" + name + "'"));
        if (!e.saveable() || e.clientIdField() == null) {
            throw new IllegalArgumentException("entity '" + e.name() + "' cannot be sent with SaveAllData"
                    + (e.clientIdField() == null ? " by a client (it has no client id)" : ""));
        }
        return e;
    }

    /** Validates text cells (CSV): header name to cell, an empty cell being null. */
    public Outcome validateCells(EntityDef entity, List<String> header, List<String> cells) {
        List<Problem> errors = new ArrayList<>();
        if (cells.size() != header.size()) {
            return new Outcome(null, "has " + cells.size() + " cells, the header has " + header.size());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Map<String, FieldDef> fields = entity.fieldsByLowerName();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            FieldDef f = fields.get(name.toLowerCase(Locale.ROOT));
            if (f == null) {
                errors.add(new Problem(name, "unknown field '" + name + "'"));
                continue;
            }
            String v = cells.get(i);
            if (v == null || v.isEmpty()) {
                continue;
            }
            convert(f, v, out, errors);
        }
        return finish(entity, out, errors, null);
    }

    /** Validates a JSON object (outbox payload); {@code clientId} fills the client id when the payload lacks it. */
    public Outcome validateJson(EntityDef entity, JsonNode payload, Long clientId) {
        List<Problem> errors = new ArrayList<>();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (payload == null || !payload.isObject()) {
            return new Outcome(null, "payload is not a JSON object");
        }
        Map<String, FieldDef> fields = entity.fieldsByLowerName();
        for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDef f = fields.get(e.getKey().toLowerCase(Locale.ROOT));
            if (f == null) {
                errors.add(new Problem(e.getKey(), "unknown field '" + e.getKey() + "'"));
                continue;
            }
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isContainerNode()) {
                errors.add(new Problem(f.name(), f.name() + ": expected " + f.type().name().toLowerCase(Locale.ROOT)
                        + ", got " + v.getNodeType()));
                continue;
            }
            convert(f, v.asText(), out, errors);
        }
        return finish(entity, out, errors, clientId);
    }

    private Outcome finish(EntityDef entity, ObjectNode out, List<Problem> errors, Long clientIdColumn) {
        String cid = entity.clientIdField();
        JsonNode given = out.get(cid);
        if (given == null && clientIdColumn != null) {
            out.put(cid, clientIdColumn);
            given = out.get(cid);
        } else if (given != null && clientIdColumn != null && given.asLong() != clientIdColumn) {
            errors.add(new Problem(cid, cid + " " + given.asLong() + " differs from client_id " + clientIdColumn));
        }
        if (given == null) {
            errors.add(new Problem(cid, cid + " is required"));
        } else if (given.asLong() <= 0) {
            errors.add(new Problem(cid, cid + " must be a positive number"));
        }
        if (!errors.isEmpty()) {
            return new Outcome(null, List.copyOf(errors));
        }
        return new Outcome(new Valid(entity, given.asLong(), out), List.of());
    }

    private static void convert(FieldDef f, String raw, ObjectNode out, List<Problem> errors) {
        String v = raw.trim();
        if (f.readOnly()) {
            errors.add(new Problem(f.name(), f.name() + " is read-only"));
            return;
        }
        try {
            switch (f.type()) {
                case INT32 -> out.put(f.name(), Integer.parseInt(v));
                case INT64 -> out.put(f.name(), Long.parseLong(v));
                case DOUBLE -> {
                    double d = Double.parseDouble(v);
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new NumberFormatException();
                    }
                    out.put(f.name(), new java.math.BigDecimal(v));
                }
                case BOOLEAN -> {
                    switch (v.toLowerCase(Locale.ROOT)) {
                        case "true", "1" -> out.put(f.name(), true);
                        case "false", "0" -> out.put(f.name(), false);
                        default -> errors.add(new Problem(f.name(), f.name() + ": '" + abbreviate(v)
                                + "' is not true/false/1/0"));
                    }
                }
                case TIMESTAMP -> out.put(f.name(), isoTimestamp(v));
                case STRING -> out.put(f.name(), raw);
            }
        } catch (NumberFormatException e) {
            errors.add(new Problem(f.name(), f.name() + ": '" + abbreviate(v) + "' is not a valid "
                    + f.type().name().toLowerCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            errors.add(new Problem(f.name(), f.name() + ": '" + abbreviate(v) + "' is not an ISO-8601 date or date-time"));
        }
    }

    /** An ISO-8601 date, local date-time or offset date-time, written back as ISO-8601. */
    static String isoTimestamp(String v) {
        if (v.length() == 10) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDate.parse(v).atStartOfDay());
        }
        try {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.parse(v));
        } catch (DateTimeParseException notLocal) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.parse(v));
        }
    }

    private static String abbreviate(String v) {
        return v.length() <= 40 ? v : v.substring(0, 39) + "…";
    }
}
