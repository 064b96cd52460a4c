package io.mahaksync.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One pulled record as the routes see it: a {@code Map<String, Object>} keyed by its wire field names
 * (values as plain Java: String, Integer/Long, Double/BigDecimal, Boolean, null, Map and List for nested
 * ones), read and written straight through to the parsed JSON. A key is found in any letter case, as
 * everything Mahak sends is read, and a put replaces the field of that name whatever its case, so
 * {@code ${body[nationalCode]}} finds {@code NationalCode}. A record the routes leave untouched goes to
 * the upsert without being converted.
 */
public final class WireRecord extends AbstractMap<String, Object> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode node;

    WireRecord(ObjectNode node) {
        this.node = node;
    }

    /** The record as parsed, with what the routes changed. */
    ObjectNode node() {
        return node;
    }

    /** The record a route left, as JSON: this one's own node, or a map or JSON object a step put in its place. */
    static ObjectNode toNode(Object record) {
        if (record instanceof WireRecord w) {
            return w.node;
        }
        if (record instanceof ObjectNode o) {
            return o;
        }
        if (record instanceof Map<?, ?> m) {
            return JSON.valueToTree(m);
        }
        return null;
    }

    @Override
    public Object get(Object key) {
        String name = wireName(key);
        return name == null ? null : plain(node.get(name));
    }

    @Override
    public boolean containsKey(Object key) {
        return wireName(key) != null;
    }

    @Override
    public Object put(String key, Object value) {
        String name = wireName(key);
        Object before = name == null ? null : plain(node.get(name));
        node.set(name == null ? key : name, JSON.valueToTree(value));
        return before;
    }

    @Override
    public Object remove(Object key) {
        String name = wireName(key);
        return name == null ? null : plain(node.remove(name));
    }

    @Override
    public int size() {
        return node.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return fields.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        Map.Entry<String, JsonNode> e = fields.next();
                        return new SimpleImmutableEntry<>(e.getKey(), plain(e.getValue()));
                    }

                    @Override
                    public void remove() {
                        fields.remove();
                    }
                };
            }

            @Override
            public int size() {
                return node.size();
            }
        };
    }

    /** The field's name as the record spells it: the key itself, or the one that differs only in letter case. */
    private String wireName(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        if (node.has(k)) {
            return k;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (name.equalsIgnoreCase(k)) {
                return name;
            }
        }
        return null;
    }

    private static Object plain(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return JSON.convertValue(value, Object.class);
    }
}
