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
import java.util.Locale;

/**
 * Reads a GetAllData answer as a stream, handing each record to a sink as soon as it is parsed,
 * so a page of any size needs the memory of one record. Accepts the wire's
 * {@code Result/Code/Message/Data.Objects.<Collection>[]} in any letter case and the guide's
 * dialect ({@code success/data}, collections directly under data, {@code {rowVersion, records}}).
 */
final class GetAllDataReader {

    /** Receives each record of a collection the catalog knows. */
    interface RecordSink {
        void accept(EntityDef entity, ObjectNode record) throws SQLException;
    }

    /** What the envelope said, read wherever in the answer it stood. */
    record Outcome(boolean result, Integer code, String message) {
    }

    private final EntityCatalog catalog;
    private final ObjectMapper mapper;
    private final String endpoint;

    private String collection = "(envelope)";
    private long recordsInCollection;

    GetAllDataReader(EntityCatalog catalog, ObjectMapper mapper, String endpoint) {
        this.catalog = catalog;
        this.mapper = mapper;
        this.endpoint = endpoint;
    }

    Outcome read(InputStream in, RecordSink sink) throws SQLException {
        boolean result = false;
        Integer code = null;
        String message = null;
        try (JsonParser p = mapper.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("it does not start with a JSON object", p, null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken value = p.nextToken();
                switch (name) {
                    case "result", "success" -> result = value == JsonToken.VALUE_TRUE;
                    case "code" -> code = value.isNumeric() || value == JsonToken.VALUE_STRING ? p.getValueAsInt() : null;
                    case "message" -> message = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "data" -> readData(p, sink);
                    default -> p.skipChildren();
                }
            }
            return new Outcome(result, code, message);
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

    /**
     * Reads {@code Data}: the wire nests the collections in {@code Objects}, the guide puts them
     * directly under {@code data}; both are read by the same loop.
     */
    private void readData(JsonParser p, RecordSink sink) throws IOException, SQLException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            var entity = catalog.byCollection(name);
            if (name.equalsIgnoreCase("objects")) {
                readData(p, sink);
            } else if (entity.isPresent()) {
                readCollection(p, entity.get(), name, sink);
            } else {
                p.skipChildren();
            }
        }
    }

    private void readCollection(JsonParser p, EntityDef entity, String name, RecordSink sink)
            throws IOException, SQLException {
        collection = name;
        recordsInCollection = 0;
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() == JsonToken.START_OBJECT) {
                    ObjectNode record = p.readValueAsTree();
                    recordsInCollection++;
                    sink.accept(entity, record);
                } else {
                    throw malformed("an element of " + name + " is not an object", p, null);
                }
            }
        } else if (token == JsonToken.START_OBJECT) {
            // the guide's shape: {"rowVersion": …, "records": […]}
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equalsIgnoreCase("records")) {
                    readCollection(p, entity, name, sink);
                } else {
                    p.skipChildren();
                }
            }
        } else if (token != JsonToken.VALUE_NULL) {
            throw malformed("collection " + name + " is neither an array nor null", p, null);
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
