package io.mahaksync.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.simulator.fault.FaultSettings;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * The answer envelope in the current dialect: {@code Result/Code/Message/Data} as the real service sends
 * it, or {@code success/code/message/data} as the guide's samples show. Application errors are HTTP 200.
 */
@Singleton
public class Envelope {

    /** Writes answers as JsonNode.toString() does (no indentation), to bytes. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultSettings settings;

    public Envelope(FaultSettings settings) {
        this.settings = settings;
    }

    public boolean guide() {
        return settings.dialect() == Dialect.GUIDE;
    }

    public Response ok(JsonNode data) {
        return answer(true, MahakCodes.OK, null, data);
    }

    public Response error(int code, String message, JsonNode data) {
        return answer(false, code, message, data);
    }

    public Response answer(boolean result, int code, String message, JsonNode data) {
        // UTF-8 bytes straight from the tree: a String first was a tenth of a SaveAllData answer's time
        return Response.ok(utf8(of(result, code, message, data)), MediaType.APPLICATION_JSON).build();
    }

    private static byte[] utf8(JsonNode envelope) {
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("An answer that cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** HTTP 401 with an envelope: the client must log in again. */
    public Response unauthorized() {
        return Response.status(401).type(MediaType.APPLICATION_JSON)
                .entity(of(false, MahakCodes.UNAUTHORIZED, "Token is missing, invalid or expired", null).toString())
                .build();
    }

    /** HTTP 400: the body is not JSON at all. */
    public Response badRequest(String message) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(of(false, MahakCodes.VALIDATION, message, null).toString()).build();
    }

    public ObjectNode of(boolean result, int code, String message, JsonNode data) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put(guide() ? "success" : "Result", result);
        n.put(guide() ? "code" : "Code", code);
        n.put(guide() ? "message" : "Message", message);
        n.set(guide() ? "data" : "Data", data);
        return n;
    }

    /** Writes the envelope's opening up to and including the data field name, for streamed answers. */
    public void writeStart(JsonGenerator out, boolean result, int code, String message) throws IOException {
        out.writeStartObject();
        out.writeBooleanField(guide() ? "success" : "Result", result);
        out.writeNumberField(guide() ? "code" : "Code", code);
        out.writeStringField(guide() ? "message" : "Message", message);
        out.writeFieldName(guide() ? "data" : "Data");
    }
}
