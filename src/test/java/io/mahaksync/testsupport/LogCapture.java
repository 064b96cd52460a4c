package io.mahaksync.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Every log record of the running service while it is open, as the handlers write them: the
 * formatted message, and the stack trace when one is logged. A JBoss log handler on the root
 * logger, so that nothing the service, Camel or a driver logs escapes it.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** One captured record: logger, level, the message as formatted, the stack trace text (or empty). */
    public record Line(String logger, Level level, String message, String stackTrace) {
        /** Message and stack trace together: what a log file would hold for this record. */
        public String text() {
            return message + stackTrace;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** All captured records as one text, one record per line (plus stack traces). */
    public String text() {
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l.level()).append(' ').append(l.logger()).append(": ").append(l.text()).append('\n'));
        return out.toString();
    }

    @Override
    public void publish(LogRecord record) {
        String message = ExtLogRecord.wrap(record).getFormattedMessage();
        String trace = "";
        if (record.getThrown() != null) {
            StringWriter w = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(w));
            trace = "\n" + w;
        }
        lines.add(new Line(record.getLoggerName(), record.getLevel(), message == null ? "" : message, trace));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
