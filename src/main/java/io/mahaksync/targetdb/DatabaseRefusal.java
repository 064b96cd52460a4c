package io.mahaksync.targetdb;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a refusal of one record's values apart from a failure of the database or of the statement
 * as a whole (the words for either are {@link io.mahaksync.scrub.DatabaseReason}'s).
 */
public final class DatabaseRefusal {

    /** MariaDB errors about one value that come with the generic SQLState HY000. */
    private static final Set<Integer> MARIADB_VALUE_ERRORS = Set.of(
            1292, // incorrect date/time value
            1366, // incorrect string value (a character the column's charset cannot hold)
            1265); // data truncated

    private DatabaseRefusal() {
    }

    /**
     * True when the database refused the values of a record (a value too long, out of range or of the
     * wrong form, a constraint): that record can be set aside and the others stored. False for
     * everything else (a broken connection, a deadlock, a missing column), which fails the whole page.
     */
    public static boolean concernsTheRecord(SQLException e) {
        if (TargetUnavailableException.isConnectionProblem(e)) {
            return false;
        }
        SQLException cause = innermost(e);
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        return state.startsWith("22") // data exception: too long, out of range, invalid value
                || state.startsWith("23") // integrity constraint: not null, check, unique, foreign key
                || state.startsWith("54") // PostgreSQL program limit: e.g. a value too big for an index
                || state.equals("HY000") && MARIADB_VALUE_ERRORS.contains(cause.getErrorCode());
    }

    /** A batch's own exception only says that entry n failed; the next exception says why. */
    private static SQLException innermost(SQLException e) {
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            return e.getNextException();
        }
        return e;
    }
}
