package io.mahaksync.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.catalog.FieldDef;
import io.mahaksync.catalog.FieldType;
import io.mahaksync.scrub.Scrubber;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Turns one Mahak record (JSON, any letter case) into the typed values of its entity's columns.
 * Fields the catalog does not know, and values that do not fit their column's type, are kept in
 * the {@code extra} JSON instead of being dropped, and reported once as schema drift.
 */
final class RowMapper {

    private static final Logger LOG = Logger.getLogger(RowMapper.class);
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    /** A timestamp that ends in an offset ({@code +03:30}, {@code -0430}). */
    private static final Pattern OFFSET_AT_END = Pattern.compile(".*[+-]\\d\\d:?\\d\\d$");
    /** Powers of ten: the one at 9 - d turns a fraction of d digits into nanoseconds. */
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000};

    /** Where values kept in {@code extra} because the database cannot store their characters go, as JSON text. */
    static final String ESCAPED = "_escaped";

    private final EntityDef entity;
    private final boolean storesNul;
    private final Map<String, FieldDef> fields;
    private final Map<String, Integer> positions;
    // Positions of the columns every record needs, looked up once per page and entity rather than per record.
    private final int idAt;
    private final int rowVersionAt;
    private final int deletedAt;
    // Field names as they come on the wire, resolved once per page and entity: lower-casing every name of every
    // record and looking it up twice (field, then column position) was paid per field per record.
    private final Map<String, Slot> slots = new java.util.HashMap<>();

    /** A wire field name resolved to its catalog field and column position; {@code field} null when unknown. */
    private record Slot(FieldDef field, int position) {
    }

    private Slot slot(String wireName) {
        Slot s = slots.get(wireName);
        if (s == null) {
            FieldDef field = fields.get(wireName.toLowerCase(Locale.ROOT));
            s = field == null ? new Slot(null, -1) : new Slot(field, positions.get(field.column()));
            slots.put(wireName, s);
        }
        return s;
    }

    /**
     * @param positions column position (0-based) of each catalog field's column in the row array
     * @param storesNul whether the target's text columns can hold U+0000 (PostgreSQL's cannot)
     */
    RowMapper(EntityDef entity, Map<String, Integer> positions, boolean storesNul) {
        this.entity = entity;
        this.storesNul = storesNul;
        // Every record carries RowVersion and Deleted on the wire, listed in its model or not.
        Map<String, FieldDef> known = new java.util.HashMap<>(entity.fieldsByLowerName());
        known.putIfAbsent("rowversion", new FieldDef(EntityDef.ROW_VERSION, FieldType.INT64, "row_version", false));
        known.putIfAbsent("deleted", new FieldDef(EntityDef.DELETED, FieldType.BOOLEAN, "deleted", false));
        this.fields = known;
        this.positions = positions;
        this.idAt = positions.get(entity.idFieldDef().column());
        this.rowVersionAt = positions.get("row_version");
        this.deletedAt = positions.get("deleted");
    }

    /**
     * One mapped record: typed column values, what did not fit, the fields the loop needs, and the
     * fields whose exact value is only in {@code extra._escaped} (empty mostly).
     */
    record Row(Object[] values, ObjectNode extra, Object id, Long rowVersion, boolean deleted, List<String> escaped) {
    }

    Row map(ObjectNode record, int width) {
        Object[] values = new Object[width];
        ObjectNode extra = null;
        List<String> escaped = List.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Slot slot = slot(e.getKey());
            FieldDef field = slot.field();
            JsonNode node = e.getValue();
            if (field == null) {
                if (!storesNul && (e.getKey().indexOf('\u0000') >= 0 || hasNul(node))) {
                    extra = escape(extra, e.getKey(), node);
                    escaped = with(escaped, escapeNul(e.getKey()));
                } else {
                    extra = put(extra, e.getKey(), node);
                }
                // the name comes from outside: escaped, so that a line break in it cannot forge a log line
                reportOnce("field", e.getKey(), "Schema drift: %s records carry field '%s', which the catalog does not "
                        + "know; it is kept in %s.extra", entity.name(), Scrubber.oneLine(e.getKey()), entity.table());
                continue;
            }
            if (node.isNull()) {
                continue;
            }
            Object value = convert(field.type(), node);
            if (!storesNul && hasNul(node)) {
                // The column gets the text without the characters; the exact value waits in extra.
                extra = escape(extra, field.name(), node);
                escaped = with(escaped, field.name());
                if (value instanceof String text) {
                    values[slot.position()] = text.replace("\u0000", "");
                }
                continue;
            }
            if (value == null) {
                extra = put(extra, field.name(), node);
                // what was sent is described, not shown: the value may be a name or a phone number
                reportOnce("type", field.name(), "Type drift: %s.%s should be %s but Mahak sent %s; the raw value is "
                        + "kept in %s.extra", entity.name(), field.name(), field.type(), describe(node), entity.table());
                continue;
            }
            values[slot.position()] = value;
        }
        Object id = values[idAt];
        Object rowVersion = values[rowVersionAt];
        boolean deleted = Boolean.TRUE.equals(values[deletedAt]);
        values[deletedAt] = deleted;
        for (String field : escaped) {
            reportOnce("nul", field, "%s.%s of record %s holds U+0000, which PostgreSQL cannot store; it is stored "
                    + "without it, and the exact value is kept in %s.extra.%s.%s as JSON text", entity.name(),
                    Scrubber.oneLine(field), id, entity.table(), ESCAPED, Scrubber.oneLine(field));
        }
        return new Row(values, extra, id, rowVersion instanceof Long l ? l : null, deleted, escaped);
    }

    /** Whether the value holds U+0000 anywhere (field names of nested objects included); cheap for plain values. */
    private static boolean hasNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().indexOf('\u0000') >= 0 || hasNul(e.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (hasNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value as JSON text under extra._escaped: JSON text holds U+0000 as an escape, which any column stores. */
    private static ObjectNode escape(ObjectNode extra, String name, JsonNode value) {
        ObjectNode target = extra == null ? JsonNodeFactory.instance.objectNode() : extra;
        target.withObjectProperty(ESCAPED).put(escapeNul(name), value.toString());
        return target;
    }

    private static String escapeNul(String name) {
        return name.replace("\u0000", "\\u0000");
    }

    private static List<String> with(List<String> list, String item) {
        List<String> out = new java.util.ArrayList<>(list);
        out.add(item);
        return out;
    }

    /** The value as its column's Java type, or null when it does not fit. */
    static Object convert(FieldType type, JsonNode node) {
        try {
            return switch (type) {
                case INT32 -> node.isIntegralNumber() && node.canConvertToInt() ? (Object) node.intValue()
                        : node.isTextual() ? (Object) Integer.parseInt(node.asText().trim()) : null;
                case INT64 -> node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue()
                        : node.isTextual() ? (Object) Long.parseLong(node.asText().trim()) : null;
                case DOUBLE -> node.isNumber() ? (Object) node.doubleValue()
                        : node.isTextual() ? (Object) Double.parseDouble(node.asText().trim()) : null;
                case BOOLEAN -> node.isBoolean() ? (Object) node.booleanValue()
                        : node.isIntegralNumber() ? (Object) (node.intValue() != 0) : parseBoolean(node.asText());
                case STRING -> node.isValueNode() ? node.asText() : node.toString();
                case TIMESTAMP -> node.isTextual() ? parseTimestamp(node.asText()) : null;
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Mahak sends local wall-clock times without an offset; an offset, when present, is dropped. */
    static LocalDateTime parseTimestamp(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        LocalDateTime common = parseCommonShape(t);
        if (common != null) {
            return common;
        }
        if (t.length() > 10 && (t.endsWith("Z") || OFFSET_AT_END.matcher(t).matches())) {
            return OffsetDateTime.parse(t).toLocalDateTime();
        }
        if (t.length() == 10) {
            return LocalDateTime.parse(t + "T00:00:00");
        }
        return LocalDateTime.parse(t.replace(' ', 'T'));
    }

    /**
     * The shape nearly every wall-clock time on the wire has, {@code yyyy-MM-dd}, optionally followed by {@code T}
     * or a space and {@code HH:mm:ss} with up to nine digits of fraction, read by hand: the general parsers (and a
     * regular expression compiled per value) took 6 % of a pull's route thread. Null for anything else, and for
     * dates that do not exist, which the general parsers then read or refuse as before.
     */
    static LocalDateTime parseCommonShape(String t) {
        int n = t.length();
        if (n != 10 && n < 19 || n == 20 || n > 29) {
            return null;
        }
        if (t.charAt(4) != '-' || t.charAt(7) != '-') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nano = 0;
        if (n > 10) {
            char separator = t.charAt(10);
            if (separator != 'T' && separator != ' ' || t.charAt(13) != ':' || t.charAt(16) != ':') {
                return null;
            }
            hour = digits(t, 11, 2);
            minute = digits(t, 14, 2);
            second = digits(t, 17, 2);
            if (n > 19) {
                if (t.charAt(19) != '.') {
                    return null;
                }
                int fraction = digits(t, 20, n - 20);
                if (fraction < 0) {
                    return null;
                }
                nano = fraction * POWERS_OF_TEN[29 - n];
            }
        }
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || hour > 23 || minute > 59 || second > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nano);
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1 when one of them is not a digit. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** What kind of value a node is, without the value: "a string of 12 characters", "an object". */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string of " + node.asText().length() + " characters";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array of " + node.size() + " elements";
            case OBJECT -> "an object";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " value";
        };
    }

    private static ObjectNode put(ObjectNode extra, String name, JsonNode value) {
        ObjectNode target = extra == null ? JsonNodeFactory.instance.objectNode() : extra;
        target.set(name, value);
        return target;
    }

    private void reportOnce(String kind, String field, String format, Object... args) {
        if (REPORTED.add(kind + ':' + entity.name() + ':' + field.toLowerCase(Locale.ROOT))) {
            LOG.warnf(format, args);
        }
    }
}
