package io.mahaksync.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Optional;

/** Reading request bodies the tolerant way: property names in any case, as the real service does. */
final class RequestBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestBodies() {
    }

    /** The body as a JSON object, or empty when it is not one. An empty body counts as {@code {}}. */
    static Optional<JsonNode> parseObject(String body) {
        if (body == null || body.isBlank()) {
            return Optional.of(JSON.createObjectNode());
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The property of that name, compared case-insensitively; a missing node when absent. */
    static JsonNode get(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (field.equalsIgnoreCase(name)) {
                return object.get(field);
            }
        }
        return object.path(name);
    }
}
