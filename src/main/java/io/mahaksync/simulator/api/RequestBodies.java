package io.mahaksync.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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

    /**
     * Like {@link #parseObject(String)}, from the raw body in {@code charset} (null: UTF-8). A UTF-8 body is parsed
     * from its bytes: decoding a large SaveAllData body to a String first was a tenth of the simulator's time.
     */
    static Optional<JsonNode> parseObject(byte[] body, Charset charset) {
        if (body == null) {
            return parseObject((String) null);
        }
        if (charset != null && !charset.equals(StandardCharsets.UTF_8)) {
            return parseObject(new String(body, charset));
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return Optional.of(node);
            }
        } catch (Exception e) {
            // answered as the String form answers it, below
        }
        return parseObject(new String(body, StandardCharsets.UTF_8)); // blank, not an object, or not JSON
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
