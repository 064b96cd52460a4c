package io.mahaksync.simulator.save;

/** One per-field error of a saved record, as SaveAllData reports it ({@code Property, Code, Error}). */
public record PropertyError(String property, int code, String error) {
}
