package io.mahaksync.simulator.store;

/**
 * One row of the simulator's store. The key columns are the truth for id, client id, code, row version
 * and deleted; {@code payload} holds the other fields as camelCase contract JSON, or is null for a seeded
 * row never changed since: its fields are then generated from the seed when it is read.
 */
public record StoredRecord(String entity, int id, Long clientId, Integer code, long rowVersion, boolean deleted,
        Origin origin, String payload) {

    /** Where a row came from: the seed, an admin mutation, or a client's SaveAllData. */
    public enum Origin { SEED, ADMIN, SAVE }
}
