package io.mahaksync.simulator.save;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A SaveAllData answer before it is put in the envelope: overall result, code, message and {@code Data}. */
public record SaveOutcome(boolean result, int code, String message, ObjectNode data) {
}
