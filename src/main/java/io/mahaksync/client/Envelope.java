package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.mahaksync.scrub.Scrubber;
import java.util.Iterator;
import java.util.Map;

/**
 * Mahak's answer envelope, read tolerantly: the wire's {@code Result/Code/Message/Data} in any
 * letter case, or the guide's {@code success/code/message/data}.
 */
public record Envelope(boolean result, Integer code, String message, JsonNode data) {

    public static Envelope of(JsonNode root) {
        JsonNode result = firstOf(root, "result", "success");
        JsonNode code = firstOf(root, "code");
        JsonNode message = firstOf(root, "message");
        return new Envelope(result.asBoolean(false), code.isNumber() || code.isTextual() ? code.asInt() : null,
                message.isValueNode() && !message.isNull() ? message.asText() : null, firstOf(root, "data"));
    }

    /** The first property of {@code node} whose name equals one of {@code names}, ignoring case. */
    public static JsonNode firstOf(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return MissingNode.getInstance();
        }
        for (String name : names) {
            JsonNode exact = node.get(name);
            if (exact != null) {
                return exact;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
        }
        return MissingNode.getInstance();
    }

    /** Mahak's own words for a failure (the message, or Data.ErrorMessage when that is all it gave), scrubbed. */
    public String describeFailure() {
        String detail = message;
        if (detail == null || detail.isBlank()) {
            JsonNode m = firstOf(data, "errorMessage");
            detail = m.isTextual() ? m.asText() : "no message";
        }
        return "Result:false, Code " + (code == null ? "none" : code) + ": " + Scrubber.scrub(detail);
    }
}
