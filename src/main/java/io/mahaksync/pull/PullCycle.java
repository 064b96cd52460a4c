package io.mahaksync.pull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityDef;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One pull cycle: the entities it covers, each with its cursor, and which are still behind.
 * An entity is caught up when a page brings nothing newer than its cursor, whatever the server's
 * page order, page size semantics or cursor inclusiveness.
 */
public class PullCycle {

    /** Where one entity stands within the cycle. */
    public static final class EntityProgress {
        final EntityDef entity;
        /** The cursor the cycle started from: 0 for a full sync. */
        final long startCursor;
        long cursor;
        boolean caughtUp;
        /** Ask from cursor + 1 next time: the server proved inclusive and sent a full page of the cursor's record. */
        boolean askPastCursor;
        long upserted;
        long deleted;
        long pages;

        EntityProgress(EntityDef entity, long cursor) {
            this.entity = entity;
            this.startCursor = cursor;
            this.cursor = cursor;
        }

        public EntityDef entity() {
            return entity;
        }

        public long cursor() {
            return cursor;
        }

        public long startCursor() {
            return startCursor;
        }

        public long upserted() {
            return upserted;
        }

        public long deleted() {
            return deleted;
        }

        public long pages() {
            return pages;
        }
    }

    private final Map<String, EntityProgress> entities = new LinkedHashMap<>();
    private final Instant startedAt = Instant.now();
    private String failure;

    PullCycle(Map<EntityDef, Long> cursors) {
        cursors.forEach((entity, cursor) -> entities.put(entity.name(), new EntityProgress(entity, cursor)));
    }

    /** True while some entity may have more to bring. The route loops on it. */
    public boolean isBehind() {
        return failure == null && entities.values().stream().anyMatch(e -> !e.caughtUp);
    }

    /** The entities still behind, in catalog order. */
    public List<EntityProgress> entitiesBehind() {
        return entities.values().stream().filter(e -> !e.caughtUp).collect(Collectors.toList());
    }

    public Collection<EntityProgress> entities() {
        return entities.values();
    }

    public List<String> entityNames() {
        return List.copyOf(entities.keySet());
    }

    /**
     * The RequestAllDataModel for the next page: a {@code from…Version} for every entity still
     * behind, and nothing for the others (absent means "not wanted"). The cursor is sent as it is:
     * an inclusive server sends the record at the cursor again, which costs one record a page and
     * is skipped, while cursor + 1 would lose a record on an exclusive server. {@code orderTypes} goes
     * along when some are configured; the client adds {@code currentVisitorId}.
     */
    ObjectNode nextRequest(int pageSize, List<Integer> orderTypes) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        for (EntityProgress e : entitiesBehind()) {
            request.put(e.entity.requestField(), e.askPastCursor ? e.cursor + 1 : e.cursor);
        }
        request.put("pageSize", pageSize);
        if (!orderTypes.isEmpty()) {
            orderTypes.forEach(request.putArray("orderTypes")::add);
        }
        return request;
    }

    EntityProgress progress(String entity) {
        return entities.get(entity);
    }

    void failed(String reason) {
        failure = reason;
    }

    public String failure() {
        return failure;
    }

    public Duration elapsed() {
        return Duration.between(startedAt, Instant.now());
    }

    /** The entities still behind and the cursors their next page asks from, e.g. {@code people from 120}. */
    @Override
    public String toString() {
        return entitiesBehind().stream().map(e -> e.entity.name() + " from " + e.cursor).collect(Collectors.joining(", "));
    }
}
