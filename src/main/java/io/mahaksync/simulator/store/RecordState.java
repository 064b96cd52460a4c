package io.mahaksync.simulator.store;

/** What a sync target must agree on for one record: its server id, row version and deleted flag. */
public record RecordState(int id, long rowVersion, boolean deleted) {
}
