package io.mahaksync.push;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a CSV file one record at a time (RFC 4180: comma separated, double-quoted cells may hold
 * commas, quotes as "" and line breaks). UTF-8, a leading byte-order mark is skipped; bytes that are
 * not UTF-8 are an error, never silently replaced. Memory use is one record.
 *
 * <p>The structure (commas, quotes, line breaks) is read on bytes and each cell decoded afterwards: these
 * characters are ASCII, which no UTF-8 sequence (nor any ANSI code page) contains, so a record in the wrong
 * encoding is found and reported on its own ({@link BadRecord}) and the reader goes on with the next one.
 * A quote that is never closed would swallow the rest of the file; its record is reported and reading
 * resumes on the line after the one it started on.
 */
public final class CsvReader implements Closeable {

    /** One record that cannot be read; the reader has moved past it and {@link #next} may be called again. */
    public static final class BadRecord extends IOException {
        private final long record;

        BadRecord(long record, String message) {
            super("record " + record + ": " + message);
            this.record = record;
        }

        /** Its number, the header being 1: the row of the result file. */
        public long record() {
            return record;
        }
    }

    /** How far back an unclosed quote can be undone (a longer quoted cell is read as the rest of the file). */
    private static final int RECOVERY_LIMIT = 1 << 20;

    private final BufferedInputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private long record;
    private int pushedBack = -2;
    private long sinceMark;
    private byte[] cell = new byte[256];
    private int cellLength;

    public CsvReader(InputStream stream) {
        this.in = new BufferedInputStream(stream, 65536);
    }

    /** The number of the record last returned, the first (the header) being 1. */
    public long recordNumber() {
        return record;
    }

    /**
     * The next record's cells, or null at the end of the file. Blank lines are skipped.
     *
     * @throws BadRecord for a record in the wrong encoding or with an unclosed quote (call again for the next)
     */
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
        sinceMark++;
        return in.read();
    }

    private void skipByteOrderMark() throws IOException {
        in.mark(3);
        if (in.read() != 0xEF || in.read() != 0xBB || in.read() != 0xBF) {
            in.reset();
        }
    }

    private List<String> readRecord() throws IOException {
        if (record == 0 && pushedBack == -2) {
            skipByteOrderMark();
        }
        int pushedAtMark = pushedBack;
        in.mark(RECOVERY_LIMIT);
        sinceMark = 0;
        int c = read();
        if (c == -1) {
            return null;
        }
        List<byte[]> raw = new ArrayList<>();
        List<Boolean> quotedCells = new ArrayList<>();
        cellLength = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    skipBadRecord(pushedAtMark, "a quoted cell is not closed (a stray or missing \")");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        append('"');
                    } else if (n == ',' || n == '\r' || n == '\n' || n == -1 || n == ' ' || n == '\t') {
                        quoted = false;
                        c = n;
                        continue;
                    } else {
                        // text right after a closing quote: the quote that opened the cell was a stray one and
                        // has paired with a quote of a later row; reading on would glue rows together
                        skipBadRecord(pushedAtMark, "broken quoting: text follows a closing quote (a stray \" in "
                                + "a cell must be doubled, or the cell quoted)");
                    }
                } else {
                    append(c);
                }
            } else if (c == ',') {
                raw.add(Arrays.copyOf(cell, cellLength));
                quotedCells.add(wasQuoted);
                cellLength = 0;
                wasQuoted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        pushedBack = n;
                    }
                }
                raw.add(Arrays.copyOf(cell, cellLength));
                quotedCells.add(wasQuoted);
                return decode(raw, quotedCells);
            } else if (c == '"' && isBlank() && !wasQuoted) {
                cellLength = 0;
                quoted = true;
                wasQuoted = true;
            } else {
                append(c);
            }
            c = read();
        }
    }

    /**
     * A record whose quoting is broken. Goes back to where it started and on to the next line, so that the
     * rows after a stray quote are still read, and reports the record; throws.
     */
    private void skipBadRecord(int pushedAtMark, String problem) throws IOException {
        long number = record + 1;
        if (sinceMark >= RECOVERY_LIMIT) {
            throw new IOException("record " + number + ": " + problem + "; the rest of the file cannot be read");
        }
        in.reset();
        pushedBack = pushedAtMark;
        int c;
        do {
            c = read();
        } while (c != -1 && c != '\n' && c != '\r');
        if (c == '\r') {
            int n = read();
            if (n != '\n') {
                pushedBack = n;
            }
        }
        record++;
        throw new BadRecord(number, problem + "; the row is not read, reading goes on with the next line");
    }

    private List<String> decode(List<byte[]> raw, List<Boolean> quotedCells) throws IOException {
        List<String> cells = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            byte[] bytes = raw.get(i);
            String s;
            if (ascii(bytes)) {
                s = new String(bytes, StandardCharsets.ISO_8859_1);
            } else {
                try {
                    s = utf8.decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    record++;
                    throw new BadRecord(record, "cell " + (i + 1) + " is not UTF-8 text (was the file saved in another "
                            + "encoding, e.g. Windows-1256?); save the file as UTF-8");
                }
            }
            cells.add(quotedCells.get(i) ? s : s.trim());
        }
        return cells;
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private boolean isBlank() {
        for (int i = 0; i < cellLength; i++) {
            if (cell[i] != ' ' && cell[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private void append(int b) {
        if (cellLength == cell.length) {
            cell = Arrays.copyOf(cell, cell.length * 2);
        }
        cell[cellLength++] = (byte) b;
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
