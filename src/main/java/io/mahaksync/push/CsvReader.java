package io.mahaksync.push;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file one record at a time (RFC 4180: comma separated, double-quoted cells may hold
 * commas, quotes as "" and line breaks). UTF-8, a leading byte-order mark is skipped; bytes that are
 * not UTF-8 are an error, never silently replaced. Memory use is one record.
 */
public final class CsvReader implements Closeable {

    private final Reader in;
    private long record;
    private int pushedBack = -2;

    public CsvReader(InputStream stream) {
        this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 65536);
    }

    /** The number of the record last returned, the first (the header) being 1. */
    public long recordNumber() {
        return record;
    }

    /** The next record's cells, or null at the end of the file. Blank lines are skipped. */
    public List<String> next() throws IOException {
        while (true) {
            List<String> cells = readRecord();
            if (cells == null) {
                return null;
            }
            record++;
            if (cells.size() == 1 && cells.get(0).isEmpty()) {
                continue;
            }
            return cells;
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        int c = in.read();
        if (c == '\uFEFF' && record == 0) {
            return in.read();
        }
        return c;
    }

    private List<String> readRecord() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("record " + (record + 1) + ": a quoted cell is not closed before the end of the file");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    cell.append((char) c);
                }
            } else if (c == ',') {
                cells.add(wasQuoted ? cell.toString() : cell.toString().trim());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        pushedBack = n;
                    }
                }
                cells.add(wasQuoted ? cell.toString() : cell.toString().trim());
                return cells;
            } else if (c == '"' && cell.toString().isBlank() && !wasQuoted) {
                cell.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else {
                cell.append((char) c);
            }
            c = read();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One CSV cell as written: quoted when it holds a comma, quote or line break. */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
