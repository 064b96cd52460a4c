package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Stand-in behind {@code direct:mahak-call} (routes/mahak-api.camel.yaml) until the camel-http route replaces
 * it: the same contract through today's {@link MahakClient} / {@link MahakHttp}. In: exchange property
 * {@code MahakOperation}, body a {@link JsonNode} or a {@link Map} (sent as JSON) or an {@link HttpEntity}
 * (sent as it is, with the message's {@code X-} headers). Out: the answer unread; status mapping, the one
 * fresh login after a 401 and the {@code currentVisitorId} of GetAllData as MahakClient does them.
 */
@Singleton
@Named("mahakCallStandIn")
public class MahakCallStandIn {

    public static final String OPERATION = "MahakOperation";

    private final MahakClient client;
    private final MahakHttp http;
    private final ObjectMapper mapper;

    MahakCallStandIn(MahakClient client, MahakHttp http, ObjectMapper mapper) {
        this.client = client;
        this.http = http;
        this.mapper = mapper;
    }

    public InputStream call(Exchange exchange) {
        String operation = exchange.getProperty(OPERATION, String.class);
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("direct:mahak-call needs the exchange property " + OPERATION);
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof HttpEntity entity) {
            return sendEntity(operation, entity, exchange);
        }
        JsonNode request = body instanceof JsonNode json ? json : mapper.valueToTree(body == null ? Map.of() : body);
        MahakSettings settings = client.settings();
        if (operation.equals("GetAllData") && request instanceof ObjectNode o) {
            return client.getAllData(o);
        }
        String endpoint = settings.versioned(operation);
        return client.withToken(token -> http.postForStream(endpoint, settings.syncEndpoint(operation), request, token));
    }

    private InputStream sendEntity(String operation, HttpEntity entity, Exchange exchange) {
        byte[] bytes;
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            entity.writeTo(out);
            bytes = out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + operation + " request: " + e.getMessage(), e);
        }
        MahakSettings settings = client.settings();
        String endpoint = settings.versioned(operation);
        return client.withToken(token -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(settings.syncEndpoint(operation))
                    .timeout(settings.readTimeout())
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", entity.getContentType());
            for (Map.Entry<String, Object> h : exchange.getMessage().getHeaders().entrySet()) {
                if (h.getKey().regionMatches(true, 0, "X-", 0, 2) && h.getValue() != null) {
                    request.header(h.getKey(), h.getValue().toString());
                }
            }
            return http.send(endpoint, request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()).body();
        });
    }
}
