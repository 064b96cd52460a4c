package io.mahaksync.push;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SaveAllData request in the making: its journal id, the work it belongs to ({@code db} for the
 * outbox, {@code drop:<id>} for a CSV drop) and its records, grouped per entity in send order.
 */
public record PushBatch(String batchId, String scope, List<OutboxRow> rows) {

    public PushBatch {
        rows = List.copyOf(rows);
    }

    /** Records per entity name, in the order they go into the request (the Index order). */
    public Map<String, List<OutboxRow>> byEntity() {
        Map<String, List<OutboxRow>> map = new LinkedHashMap<>();
        for (OutboxRow r : rows) {
            map.computeIfAbsent(r.entity(), k -> new ArrayList<>()).add(r);
        }
        return map;
    }

    public PushBatch without(java.util.Set<Long> ids) {
        return new PushBatch(batchId, scope, rows.stream().filter(r -> !ids.contains(r.id())).toList());
    }

    /** By journal id and size (equal batches share both), not by every record: see {@link OutboxRow#hashCode()}. */
    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(batchId) + rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public String toString() {
        return "batch " + batchId + " (" + rows.size() + " records, " + scope + ")";
    }
}
