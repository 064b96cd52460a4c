package io.mahaksync.targetdb;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a database said when it refused a statement, in words fit for a log line or a dead letter:
 * the SQLState and the database's own message, without the statement and without the values it
 * carried (a refused record's names and phone numbers must not leak into logs). Also tells a refusal
 * of one record's values apart from a failure of the database or of the statement as a whole.
 */
public final class DatabaseRefusal {

    private static final int MESSAGE_MAX = 500;
    /** A quoted token that is an identifier (a column, key or constraint name) rather than a value. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,63}|PRIMARY");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'([^']*)'");
    /** MariaDB errors about one value that come with the generic SQLState HY000. */
    private static final Set<Integer> MARIADB_VALUE_ERRORS = Set.of(
            1292, // incorrect date/time value
            1366, // incorrect string value (a character the column's charset cannot hold)
            1265); // data truncated

    private DatabaseRefusal() {
    }

    /** The database's reason, e.g. {@code SQLState 22001: value too long for type character varying(20)}. */
    public static String reason(SQLException e) {
        SQLException cause = innermost(e);
        String message = cause.getMessage() == null ? "no message" : cause.getMessage();
        message = cutAt(message, "\n", "; SQL statement:", "Query is:", " Call getNextException");
        int aborted = message.indexOf(" was aborted: "); // PostgreSQL: "Batch entry 3 INSERT … was aborted: ERROR: …"
        if (message.startsWith("Batch entry") && aborted > 0) {
            message = message.substring(aborted + " was aborted: ".length());
        }
        message = message.replaceFirst("^\\(conn=\\d+\\)\\s*", "").replaceFirst("^ERROR:\\s*", "");
        message = maskValues(message).replaceAll("\\p{Cntrl}", " ").trim();
        if (message.length() > MESSAGE_MAX) {
            message = message.substring(0, MESSAGE_MAX - 1) + "…";
        }
        return "SQLState " + cause.getSQLState() + ": " + message;
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

    private static String cutAt(String message, String... markers) {
        String out = message;
        for (String marker : markers) {
            int at = out.indexOf(marker);
            if (at >= 0) {
                out = out.substring(0, at);
            }
        }
        return out;
    }

    /** Single-quoted literals are values unless they are plainly a name ('first_name', 'PRIMARY'). */
    private static String maskValues(String message) {
        Matcher m = SINGLE_QUOTED.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(IDENTIFIER.matcher(m.group(1)).matches()
                    ? m.group() : "'…'"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
