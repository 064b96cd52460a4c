package io.mahaksync.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.simulator.CursorMode;
import io.mahaksync.simulator.Dialect;
import io.mahaksync.simulator.fault.FaultKind;
import io.mahaksync.simulator.fault.FaultRule;
import io.mahaksync.simulator.fault.FaultSettings;
import java.time.Duration;
import java.util.Locale;

/**
 * The admin API's view of the behaviour switches, e.g.
 * {@code {"tokenLifetimeSeconds":1200,"cursorMode":"exclusive","dialect":"wire","requireVisitor":false,
 * "rateLimit":{"fraction":0,"next":2,"endpoint":"GetAllData","retryAfterSeconds":3},
 * "serverError":{...},"delay":{...,"ms":500},"drop":{...},"malformed":{...}}}.
 * Updates are partial: only the properties sent change.
 */
final class BehaviourJson {

    private BehaviourJson() {
    }

    static ObjectNode toJson(FaultSettings settings) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("tokenLifetimeSeconds", settings.tokenLifetime().toSeconds());
        n.put("cursorMode", settings.cursorMode().name().toLowerCase(Locale.ROOT));
        n.put("dialect", settings.dialect().name().toLowerCase(Locale.ROOT));
        n.put("requireVisitor", settings.requireVisitor());
        for (FaultKind kind : FaultKind.values()) {
            FaultRule rule = settings.rule(kind);
            ObjectNode r = n.putObject(kind.jsonName());
            r.put("fraction", rule.fraction());
            r.put("next", rule.next());
            r.put("endpoint", rule.endpoint());
            if (kind == FaultKind.RATE_LIMIT) {
                r.put("retryAfterSeconds", rule.amount());
            } else if (kind == FaultKind.DELAY) {
                r.put("ms", rule.amount());
            }
        }
        return n;
    }

    /** Applies the properties present in {@code update}; throws IllegalArgumentException on a bad value. */
    static void apply(JsonNode update, FaultSettings settings) {
        if (update.has("tokenLifetimeSeconds")) {
            settings.tokenLifetime(Duration.ofSeconds(update.get("tokenLifetimeSeconds").asLong()));
        }
        if (update.has("cursorMode")) {
            settings.cursorMode(CursorMode.valueOf(update.get("cursorMode").asText().toUpperCase(Locale.ROOT)));
        }
        if (update.has("dialect")) {
            settings.dialect(Dialect.valueOf(update.get("dialect").asText().toUpperCase(Locale.ROOT)));
        }
        if (update.has("requireVisitor")) {
            if (!update.get("requireVisitor").isBoolean()) {
                throw new IllegalArgumentException("requireVisitor must be true or false");
            }
            settings.requireVisitor(update.get("requireVisitor").asBoolean());
        }
        for (FaultKind kind : FaultKind.values()) {
            JsonNode r = update.get(kind.jsonName());
            if (r == null || !r.isObject()) {
                continue;
            }
            FaultRule rule = settings.rule(kind);
            String amountField = kind == FaultKind.RATE_LIMIT ? "retryAfterSeconds" : "ms";
            rule.set(r.has("fraction") ? r.get("fraction").asDouble() : rule.fraction(),
                    r.has("next") ? r.get("next").asInt() : rule.next(),
                    r.has("endpoint") ? r.get("endpoint").asText(null) : rule.endpoint(),
                    r.has(amountField) ? r.get(amountField).asLong() : rule.amount());
        }
    }
}
