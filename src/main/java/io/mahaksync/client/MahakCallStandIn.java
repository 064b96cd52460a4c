package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.InputStream;
import org.apache.camel.Exchange;

/**
 * STAND-IN for the route {@code direct:mahak-call} until the camel-http one lands (it replaces this class and
 * routes/mahak-api.camel.yaml): the operation named by exchange property {@code MahakOperation}, the body as
 * its JSON request, sent through today's client; the answer an unread InputStream. Errors propagate as the
 * MahakException kinds the error handler knows.
 */
@Singleton
@Named("mahakCallStandIn")
public class MahakCallStandIn {

    private final MahakClient client;
    private final MahakHttp http;
    private final ObjectMapper mapper;

    MahakCallStandIn(MahakClient client, MahakHttp http, ObjectMapper mapper) {
        this.client = client;
        this.http = http;
        this.mapper = mapper;
    }

    public InputStream call(Exchange exchange) {
        String operation = exchange.getProperty("MahakOperation", String.class);
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("direct:mahak-call needs exchange property MahakOperation");
        }
        Object body = exchange.getIn().getBody();
        JsonNode request = body instanceof JsonNode n ? n : mapper.valueToTree(body);
        if (operation.equals("GetAllData")) {
            return client.getAllData((ObjectNode) request);
        }
        MahakSettings settings = client.settings();
        return client.withToken(token -> http.postForStream(settings.versioned(operation),
                settings.syncEndpoint(operation), request, token));
    }
}
