package io.mahaksync.pull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.client.MahakPermanentException;
import io.mahaksync.client.MahakTransientException;
import io.mahaksync.scrub.Scrubber;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Reads a GetAllData answer as a stream, one record at a time as the caller asks for it
 * ({@link #next()}), so a page of any size needs the memory of one record. Accepts the wire's
 * {@code Result/Code/Message/Data.Objects.<Collection>[]} in any letter case and the guide's
 * dialect ({@code success/data}, collections directly under data, {@code {rowVersion, records}}).
 * An answer that is not valid JSON is a permanent failure, one that ends early a transient one
 * (the connection was cut); what the envelope said is known once the answer has been read.
 */
final class GetAllDataReader implements AutoCloseable {

    /** Receives each record of a collection the catalog knows. */
    interface RecordSink {
        void accept(EntityDef entity, ObjectNode record) throws SQLException;
    }

    /** What the envelope said, read wherever in the answer it stood. */
    record Outcome(boolean result, Integer code, String message) {
    }

    /** One record of a collection the catalog knows. */
    record Item(EntityDef entity, ObjectNode record) {
    }

    /** Where the reader stands: the envelope, a data object, a collection's array or the guide's collection object. */
    private enum Kind { ENVELOPE, DATA, ARRAY, GUIDE }

    private record Frame(Kind kind, EntityDef entity, String name) {
    }

    private final EntityCatalog catalog;
    private final ObjectMapper mapper;
    private final String endpoint;
    private final InputStream in;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private JsonParser parser;

    private String collection = "(envelope)";
    private long recordsInCollection;
    private boolean result;
    private Integer code;
    private String message;
    private boolean ended;

    GetAllDataReader(EntityCatalog catalog, ObjectMapper mapper, String endpoint, InputStream in) {
        this.catalog = catalog;
        this.mapper = mapper;
        this.endpoint = endpoint;
        this.in = in;
    }

    /** Reads the whole answer, handing every record to the sink, and tells what the envelope said. */
    Outcome read(RecordSink sink) throws SQLException {
        try {
            for (Item item = next(); item != null; item = next()) {
                sink.accept(item.entity(), item.record());
            }
            return outcome();
        } finally {
            close();
        }
    }

    /** The next record, or null when the answer has been read to its end. */
    Item next() {
        try {
            if (parser == null) {
                parser = mapper.createParser(in);
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw malformed("it does not start with a JSON object", parser, null);
                }
                frames.push(new Frame(Kind.ENVELOPE, null, null));
            }
            JsonParser p = parser;
            while (!frames.isEmpty()) {
                Frame f = frames.peek();
                if (f.kind() == Kind.ARRAY) {
                    if (p.nextToken() == JsonToken.END_ARRAY) {
                        frames.pop();
                    } else if (p.currentToken() == JsonToken.START_OBJECT) {
                        ObjectNode record = p.readValueAsTree();
                        recordsInCollection++;
                        return new Item(f.entity(), record);
                    } else {
                        throw malformed("an element of " + f.name() + " is not an object", p, null);
                    }
                    continue;
                }
                if (p.nextToken() != JsonToken.FIELD_NAME) {
                    frames.pop(); // the end of this object
                    continue;
                }
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (f.kind()) {
                    case ENVELOPE -> envelopeField(name.toLowerCase(Locale.ROOT), value, p);
                    case DATA -> dataField(name, value, p);
                    default -> { // GUIDE: {"rowVersion": …, "records": […]}
                        if (name.equalsIgnoreCase("records")) {
                            openCollection(f.entity(), f.name(), value, p);
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
            ended = true;
            return null;
        } catch (JsonEOFException e) {
            throw new MahakTransientException(endpoint, 0, null, "The " + endpoint + " answer ended early "
                    + where(e) + ": the connection was probably cut", e);
        } catch (JsonProcessingException e) {
            throw malformed(Scrubber.scrub(e.getOriginalMessage()), null, e);
        } catch (IOException e) {
            throw new MahakTransientException(endpoint, 0, null, "Reading the " + endpoint + " answer failed "
                    + "in collection " + collection + ": " + Scrubber.scrub(e.getMessage()), e);
        }
    }

    /** What the envelope said; only once {@link #next()} has returned null. */
    Outcome outcome() {
        if (!ended) {
            throw new IllegalStateException("The " + endpoint + " answer has not been read to its end");
        }
        return new Outcome(result, code, message);
    }

    private void envelopeField(String name, JsonToken value, JsonParser p) throws IOException {
        switch (name) {
            case "result", "success" -> result = value == JsonToken.VALUE_TRUE;
            case "code" -> code = value.isNumeric() || value == JsonToken.VALUE_STRING ? p.getValueAsInt() : null;
            case "message" -> message = value == JsonToken.VALUE_STRING ? p.getText() : null;
            case "data" -> openData(value, p);
            default -> p.skipChildren();
        }
    }

    /**
     * A field of {@code Data}: the wire nests the collections in {@code Objects}, the guide puts them
     * directly under {@code data}; both are read the same way.
     */
    private void dataField(String name, JsonToken value, JsonParser p) throws IOException {
        if (name.equalsIgnoreCase("objects")) {
            openData(value, p);
            return;
        }
        var entity = catalog.byCollection(name);
        if (entity.isPresent()) {
            openCollection(entity.get(), name, value, p);
        } else {
            p.skipChildren();
        }
    }

    private void openData(JsonToken value, JsonParser p) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            frames.push(new Frame(Kind.DATA, null, null));
        } else {
            p.skipChildren();
        }
    }

    private void openCollection(EntityDef entity, String name, JsonToken token, JsonParser p) {
        collection = name;
        recordsInCollection = 0;
        if (token == JsonToken.START_ARRAY) {
            frames.push(new Frame(Kind.ARRAY, entity, name));
        } else if (token == JsonToken.START_OBJECT) {
            frames.push(new Frame(Kind.GUIDE, entity, name));
        } else if (token != JsonToken.VALUE_NULL) {
            throw malformed("collection " + name + " is neither an array nor null", p, null);
        }
    }

    /** Closes the answer's stream only, from another thread, so that a read blocked in it ends (with an error). */
    void closeStream() {
        try {
            in.close();
        } catch (IOException e) {
            // the reader ends either way
        }
    }

    /** Closes the parser and the answer (the rest of an answer read only in part is not read). */
    @Override
    public void close() {
        try {
            if (parser != null) {
                parser.close();
            }
            in.close();
        } catch (IOException e) {
            // nothing was lost: what was read has been read, the connection is given up
        }
    }

    private MahakPermanentException malformed(String what, JsonParser p, JsonProcessingException cause) {
        String location = cause != null ? where(cause)
                : p != null ? "at line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr()
                : "";
        return new MahakPermanentException(endpoint, null, "The " + endpoint + " answer is not valid JSON " + location
                + " (in collection " + collection + " after " + recordsInCollection + " records): " + what
                + "; nothing of this page was stored", cause);
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : "at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }
}
