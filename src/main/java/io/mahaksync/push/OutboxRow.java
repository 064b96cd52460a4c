package io.mahaksync.push;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One record of {@code mahak_outbox} on its way to Mahak. */
public record OutboxRow(long id, String entity, long clientId, ObjectNode payload, int attempts, String groupKey,
        String source, Long dropId, String sourceFile, Long sourceRow) {
}
