package io.mahaksync.push;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One record of {@code mahak_outbox} on its way to Mahak. */
public record OutboxRow(long id, String entity, long clientId, ObjectNode payload, int attempts, String groupKey,
        String source, Long dropId, String sourceFile, Long sourceRow) {

    /**
     * By id alone (equal rows have equal ids): Camel's bean expressions hash the object they are called on for their
     * cache, and hashing every field hashed each record's payload tree, 500 of them for each {@code ${...}} on a batch.
     */
    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }
}
