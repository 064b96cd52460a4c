package io.mahaksync.scrub;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's own reason for an error, without the statement and without the values it held.
 * JDBC drivers put customer data into their messages: PostgreSQL's batch error carries the whole
 * multi-row INSERT with its values and a {@code Detail: Failing row contains (…)}; H2 appends the
 * statement and quotes the value that did not fit; MariaDB quotes a duplicate entry. What is kept
 * is the SQLState and the first line of the server's message, with quoted values masked, e.g.
 * {@code SQLState 23514: new row for relation "mahak_person" violates check constraint "x"}.
 */
public final class DatabaseReason {

    private static final int MAX_LENGTH = 500;
    private static final String VALUE = "'…'";

    // PostgreSQL: "Batch entry 0 INSERT … VALUES (…) was aborted: ERROR: …  Call getNextException …"
    private static final String PG_ABORTED = " was aborted: ";
    private static final Pattern PG_NEXT = Pattern.compile("\\s*Call getNextException to see other errors in the batch\\.?");
    private static final Pattern SEVERITY = Pattern.compile("^(?:ERROR|FATAL|PANIC):\\s+");
    private static final Pattern MARIADB_CONNECTION = Pattern.compile("^\\(conn=\\d+\\)\\s*");
    // H2: "…; SQL statement:\nINSERT … [23513-232]"
    private static final Pattern H2_STATEMENT = Pattern.compile(";\\s*SQL statement:.*$", Pattern.DOTALL);
    private static final Pattern H2_CODE = Pattern.compile("\\s*\\[\\d+-\\d+]\\s*$");
    private static final Pattern H2_VALUES = Pattern.compile("(?i)\\bVALUES\\s*\\((?:[^()]|\\([^()]*\\))*\\)");
    // A quoted literal is a value unless it names a column, key, table, constraint, … (MariaDB quotes names too).
    private static final Pattern SINGLE_QUOTED = Pattern.compile("(?i)(\\b(?:column|key|table|constraint|index|field"
            + "|database|schema|user|function|procedure|trigger)\\s+)?'(?:[^']|'')*'");
    // PostgreSQL: invalid input syntax for type integer: "abc"; value "…" is out of range
    private static final Pattern PG_TYPED_VALUE = Pattern.compile("(?i)(for (?:type|enum) [\\w .\"]+?: |value )\"[^\"]*\"");

    private DatabaseReason() {
    }

    /** The reason of {@code e} (or of the error it reports, for a batch), fit for a log line, last_error or a dead letter. */
    public static String of(SQLException e) {
        if (e == null) {
            return "no reason given";
        }
        if (e instanceof WithoutValues) {
            return e.getMessage();
        }
        SQLException source = serverError(e);
        String state = source.getSQLState() != null ? source.getSQLState() : e.getSQLState();
        StringBuilder out = new StringBuilder();
        if (state != null) {
            out.append("SQLState ").append(state);
        }
        int code = source.getErrorCode();
        if (code != 0 && !String.valueOf(code).equals(state)) {
            out.append(out.length() == 0 ? "" : " ").append("(error ").append(code).append(')');
        }
        out.append(out.length() == 0 ? "" : ": ").append(message(source.getMessage()));
        String reason = Scrubber.scrub(out.toString());
        return reason.length() <= MAX_LENGTH ? reason : reason.substring(0, MAX_LENGTH - 1) + "…";
    }

    /**
     * A copy of {@code e} to throw on in its place: the message is {@code context: reason}, the
     * SQLState, error code and stack trace are kept, the cause chain (which holds the values) is
     * not. A connection problem stays a {@link SQLRecoverableException} and a transient one a
     * {@link SQLTransientException}, so the error policy still retries them.
     */
    public static SQLException withoutValues(String context, SQLException e) {
        boolean noContext = context == null || context.isBlank();
        if (e instanceof WithoutValues && noContext) {
            return e;
        }
        String message = (noContext ? "" : Scrubber.oneLine(context) + ": ") + of(e);
        SQLException source = serverError(e);
        String state = source.getSQLState() != null ? source.getSQLState() : e.getSQLState();
        int code = source.getErrorCode();
        SQLException copy;
        if (has(e, SQLRecoverableException.class) || has(e, IOException.class)) {
            copy = new RecoverableWithoutValues(message, state == null ? "08006" : state, code);
        } else if (has(e, SQLTransientException.class)) {
            copy = new TransientWithoutValues(message, state, code);
        } else {
            copy = new PlainWithoutValues(message, state, code);
        }
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** Marks the copies made by {@link #withoutValues}: their message is already the reason. */
    private interface WithoutValues {
    }

    private static final class PlainWithoutValues extends SQLException implements WithoutValues {
        PlainWithoutValues(String message, String state, int code) {
            super(message, state, code);
        }
    }

    private static final class RecoverableWithoutValues extends SQLRecoverableException implements WithoutValues {
        RecoverableWithoutValues(String message, String state, int code) {
            super(message, state, code);
        }
    }

    private static final class TransientWithoutValues extends SQLTransientException implements WithoutValues {
        TransientWithoutValues(String message, String state, int code) {
            super(message, state, code);
        }
    }

    /** The first line of a driver's message, without statement, driver prefixes or quoted values. */
    static String message(String text) {
        if (text == null || text.isBlank()) {
            return "no message";
        }
        String m = text;
        int aborted = m.lastIndexOf(PG_ABORTED);
        if (m.startsWith("Batch entry ") && aborted > 0) {
            m = m.substring(aborted + PG_ABORTED.length());
        }
        m = PG_NEXT.matcher(m).replaceAll("");
        m = H2_STATEMENT.matcher(m).replaceFirst("");
        int eol = firstLineEnd(m);
        if (eol >= 0) {
            m = m.substring(0, eol); // PostgreSQL's Detail / Where / Hint lines quote the row
        }
        m = H2_CODE.matcher(m).replaceFirst("");
        m = MARIADB_CONNECTION.matcher(m.strip()).replaceFirst("");
        m = SEVERITY.matcher(m).replaceFirst("");
        m = H2_VALUES.matcher(m).replaceAll("VALUES (…)");
        m = SINGLE_QUOTED.matcher(m).replaceAll(x -> x.group(1) != null ? Matcher.quoteReplacement(x.group())
                : Matcher.quoteReplacement(VALUE));
        m = PG_TYPED_VALUE.matcher(m).replaceAll(x -> Matcher.quoteReplacement(x.group(1) + "\"…\""));
        return m.isBlank() ? "no message" : m.strip();
    }

    private static int firstLineEnd(String m) {
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** The error the server reported: for a batch, the exception behind it; else {@code e} itself. */
    private static SQLException serverError(SQLException e) {
        SQLException best = e;
        Set<Throwable> seen = new HashSet<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException s) {
                if (best instanceof BatchUpdateException && !(s instanceof BatchUpdateException)) {
                    best = s;
                }
                if (s.getNextException() != null) {
                    todo.add(s.getNextException());
                }
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return best;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> kind) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
            if (t instanceof SQLException s && s.getNextException() != null && kind.isInstance(s.getNextException())) {
                return true;
            }
        }
        return false;
    }
}
