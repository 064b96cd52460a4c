package io.mahaksync.targetdb;

/**
 * The target database cannot be reached right now (down, restarting, pool exhausted). Transient:
 * the error handler retries with backoff, and nothing was committed.
 */
public class TargetUnavailableException extends RuntimeException {
    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Connection-class SQL states (08xxx) and pool time-outs mean "not reachable", not "bad data". */
    public static boolean isConnectionProblem(java.sql.SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.net.ConnectException || t instanceof java.io.EOFException) {
                return true;
            }
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01"))) {
                return true;
            }
        }
        String m = e.getMessage();
        return m != null && (m.contains("acquire") || m.contains("Connection refused"));
    }
}
