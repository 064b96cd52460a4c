package io.mahaksync.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.scrub.DatabaseReason;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * The steps of {@code direct:mahak-push}, the entry any route sends records to: {@link #records} reads the
 * body (one record or a list, as maps or JSON), {@link #check} checks each against the catalog for the entity
 * in header {@code MahakEntity}, {@link #stage} writes them to {@code mahak_outbox} in one transaction and
 * answers with a receipt (the outbox ids, and index, field and reason of each invalid record).
 *
 * <p>Invalid records are kept as {@code invalid} rows with their reason, as for the other sources, unless
 * header {@code MahakAllOrNothing} is true (the HTTP endpoint): then one invalid record stages nothing.
 */
@Singleton
@Named("pushEntry")
public class PushEntry {

    private static final Logger LOG = Logger.getLogger(PushEntry.class);

    /** The entity of the records: a CommitDataModel key ({@code people}, {@code orders}, …), any letter case. */
    public static final String ENTITY = "MahakEntity";
    /** true: stage the records only if every one is valid (default false: invalid ones are kept as invalid). */
    public static final String ALL_OR_NOTHING = "MahakAllOrNothing";
    /** Out: the outbox ids of the records staged to be sent, in the order they came. */
    public static final String OUTBOX_IDS = "MahakOutboxIds";
    /** Out: how many of the records are invalid (0: all were staged to be sent). */
    public static final String INVALID_RECORDS = "MahakInvalidRecords";

    private final OutboxStaging staging;
    private final RecordValidator validator;
    private final ObjectMapper mapper = new ObjectMapper();

    public PushEntry(OutboxStaging staging, RecordValidator validator) {
        this.staging = staging;
        this.validator = validator;
    }

    /** A message that cannot be read as records at all (no entity, not JSON); nothing of it is staged. */
    public static class RefusedMessage extends IllegalArgumentException {
        public RefusedMessage(String message) {
            super(message);
        }
    }

    /** The body as a list of records: a list, a JSON array, one map or one JSON object (text, bytes, a stream). */
    public List<JsonNode> records(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw new RefusedMessage("the body is empty: send one record or a list of records");
        }
        List<JsonNode> out = new ArrayList<>();
        if (body instanceof Collection<?> list) {
            for (Object o : list) {
                out.add(record(o));
            }
            return out;
        }
        JsonNode node = body instanceof Map<?, ?> || body instanceof JsonNode ? record(body)
                : parse(exchange.getMessage().getBody(String.class));
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new RefusedMessage("the body is empty: send one record or a list of records");
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RefusedMessage("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** One record: a map (e.g. a camel-jdbc row; dates as ISO-8601 text), JSON, or JSON text. */
    private JsonNode record(Object o) {
        if (o instanceof JsonNode n) {
            return n;
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            m.forEach((k, v) -> node.set(String.valueOf(k), value(v)));
            return node;
        }
        if (o instanceof CharSequence text) {
            return parse(text.toString());
        }
        // anything else is not a record; the validator says so for its index
        return value(o);
    }

    private JsonNode value(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof java.sql.Timestamp t) {
            return f.textNode(t.toLocalDateTime().toString());
        }
        if (v instanceof java.sql.Date d) {
            return f.textNode(d.toLocalDate().toString());
        }
        if (v instanceof java.util.Date d) {
            return f.textNode(d.toInstant().toString());
        }
        if (v instanceof TemporalAccessor t) {
            return f.textNode(t.toString());
        }
        if (v instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        if (v instanceof BigInteger i) {
            return f.numberNode(i);
        }
        if (v instanceof Number n) {
            return n instanceof Double || n instanceof Float ? f.numberNode(n.doubleValue()) : f.numberNode(n.longValue());
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof CharSequence || v instanceof Character) {
            return f.textNode(v.toString());
        }
        return mapper.valueToTree(v);
    }

    /** A record as it came, with what checking it found. */
    public record Checked(JsonNode record, OutboxStaging.Staged staged) {
    }

    /** Each record of the body (from {@link #records}) checked against the catalog for header {@code MahakEntity}. */
    public List<Checked> check(Exchange exchange, List<JsonNode> records) {
        String entity = exchange.getMessage().getHeader(ENTITY, String.class);
        if (entity == null || entity.isBlank()) {
            throw new RefusedMessage("no entity: set header " + ENTITY + " to a CommitDataModel key (people, orders, …)");
        }
        String name;
        try {
            name = validator.pushable(entity).name();
        } catch (IllegalArgumentException e) {
            throw new RefusedMessage(e.getMessage());
        }
        List<Checked> out = new ArrayList<>(records.size());
        for (JsonNode r : records) {
            out.add(new Checked(r, staging.check(name, r, null)));
        }
        return out;
    }

    /**
     * Writes the checked records to mahak_outbox in one transaction and returns the receipt: {@code entity},
     * {@code staged} (false when an all-or-nothing message had invalid records: nothing staged), {@code ids} (each
     * record's outbox id, in order), {@code records} (per record: index, id, clientId, status pending or invalid)
     * and {@code invalid} (index, field, reason, and the id of its invalid row). A record staged before with the
     * same client id and payload, still to send or sent, gets that row's id and is not staged again.
     */
    public Map<String, Object> stage(Exchange exchange, List<Checked> checked) {
        List<OutboxStaging.Staged> records = checked.stream().map(Checked::staged).toList();
        boolean allOrNothing = Boolean.TRUE.equals(exchange.getMessage().getHeader(ALL_OR_NOTHING, Boolean.class));
        String entity = records.isEmpty() ? exchange.getMessage().getHeader(ENTITY, String.class) : records.get(0).entity();
        List<Map<String, Object>> invalid = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            for (RecordValidator.Problem p : records.get(i).outcome().problems()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("index", i);
                e.put("field", p.field());
                e.put("reason", p.reason());
                invalid.add(e);
            }
        }
        boolean stageNothing = allOrNothing && !invalid.isEmpty();
        List<Long> ids = stageNothing ? List.of() : write(records, exchange.getFromRouteId());
        if (!ids.isEmpty()) {
            for (Map<String, Object> e : invalid) {
                e.put("id", ids.get((Integer) e.get("index")));
            }
        }
        List<Long> toSend = new ArrayList<>();
        List<Map<String, Object>> staged = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            OutboxStaging.Staged s = records.get(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", i);
            r.put("id", ids.get(i));
            r.put("clientId", s.ok() ? Long.valueOf(s.outcome().valid().clientId()) : givenClientId(checked.get(i)));
            r.put("status", s.ok() ? OutboxStore.PENDING : OutboxStore.INVALID);
            staged.add(r);
            if (s.ok()) {
                toSend.add(ids.get(i));
            }
        }
        long invalidRecords = records.stream().filter(s -> !s.ok()).count();
        if (invalidRecords > 0) {
            LOG.warnf("%d of %d %s record(s) %s", invalidRecords, records.size(), entity,
                    stageNothing ? "invalid: nothing of the message staged" : "invalid, kept as invalid in mahak_outbox");
        }
        exchange.getMessage().setHeader(OUTBOX_IDS, toSend);
        exchange.getMessage().setHeader(INVALID_RECORDS, invalidRecords);
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("entity", entity);
        receipt.put("staged", !stageNothing);
        receipt.put("ids", ids);
        receipt.put("records", staged);
        receipt.put("invalid", invalid);
        return receipt;
    }

    /** Every record in mahak_outbox, in one transaction (one already there keeps its row); their ids, in order. */
    private List<Long> write(List<OutboxStaging.Staged> records, String route) {
        List<Long> ids = new ArrayList<>(records.size());
        if (records.isEmpty()) {
            return ids;
        }
        try (Connection c = staging.database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = staging.insertStatement(c, true)) {
                for (int i = 0; i < records.size(); i++) {
                    OutboxStaging.Staged s = records.get(i);
                    Optional<Long> known = staging.alreadyStaged(c, s);
                    ids.add(known.isPresent() ? known.get()
                            : staging.insert(ps, s, new OutboxStaging.Origin(OutboxStaging.SOURCE_DB, null, route, i)));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot stage " + records.size() + " " + records.get(0).entity()
                    + " record(s) in mahak_outbox: " + DatabaseReason.of(e), DatabaseReason.withoutValues(null, e));
        }
        return ids;
    }

    /** The client id an invalid record gives, if it gives a number, so that its source can still mark it. */
    private Long givenClientId(Checked c) {
        if (!c.record().isObject()) {
            return null;
        }
        String field = validator.pushable(c.staged().entity()).clientIdField();
        for (var it = c.record().fields(); it.hasNext();) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(field)) {
                try {
                    return Long.valueOf(e.getValue().asText().trim());
                } catch (NumberFormatException notANumber) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The answer to a message refused as a whole: its reason. */
    public Map<String, Object> refusal(Exception e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("index", null);
        error.put("field", null);
        error.put("reason", e.getMessage());
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("staged", false);
        receipt.put("ids", List.of());
        receipt.put("records", List.of());
        receipt.put("invalid", List.of(error));
        return receipt;
    }
}
