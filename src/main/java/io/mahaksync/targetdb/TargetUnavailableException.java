package io.mahaksync.targetdb;

import java.util.Set;

/**
 * The target database cannot be reached right now (down, restarting, pool exhausted). Transient:
 * the error handler retries with backoff, and nothing was committed.
 */
public class TargetUnavailableException extends RuntimeException {
    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * H2's database closed or closing under the pool (its own shutdown hook at a stop, a file database closed by
     * another process): 90098 closed, 90121 closed at shutdown, 90135 held exclusively while it closes.
     */
    private static final Set<String> H2_CLOSING = Set.of("90098", "90121", "90135");

    /** Connection-class SQL states (08xxx) and pool time-outs mean "not reachable", not "bad data". */
    public static boolean isConnectionProblem(java.sql.SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.net.ConnectException || t instanceof java.io.EOFException) {
                return true;
            }
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01")
                            || H2_CLOSING.contains(s.getSQLState()))) {
                return true;
            }
        }
        String m = e.getMessage();
        return m != null && (m.contains("acquire") || m.contains("Connection refused"));
    }
}
