package io.mahaksync.simulator.store;

/** A failure of the simulator's embedded store; it is the simulator's bug, not the client's. */
public class SimulatorStoreException extends RuntimeException {
    public SimulatorStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
