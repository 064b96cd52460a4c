package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Prepares the requests of routes/mahak-api.camel.yaml: the endpoint (V1/V2 path), the headers camel-http
 * sends (and no others: the route removed the caller's), the token, and the body as it is sent.
 */
@Singleton
@Named("mahakRequest")
public class MahakRequests {

    private final MahakSettings settings;
    private final TokenManager tokens;
    private final ObjectMapper mapper;

    MahakRequests(MahakSettings settings, TokenManager tokens, ObjectMapper mapper) {
        this.settings = settings;
        this.tokens = tokens;
        this.mapper = mapper;
    }

    /** The Login request, without a token; the body is its JSON tree (marshalled by the route). */
    public void login(Exchange exchange) {
        ObjectNode body = tokens.loginRequest();
        target(exchange, "Login");
        json(exchange.getIn());
        exchange.getIn().setBody(body);
    }

    /**
     * The caller's request (kept in MahakRequest) for the operation in MahakOperation, with the cached token. A
     * JsonNode or Map goes as JSON (GetAllData gets the visitor in use unless it names one); an HttpEntity goes as
     * it is (a multipart Upload).
     */
    public void call(Exchange exchange) {
        String operation = exchange.getProperty(MahakExchange.OPERATION, String.class);
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("direct:mahak-call needs the exchange property "
                    + MahakExchange.OPERATION + " (GetAllData, SaveAllData, SolveDispute, ...)");
        }
        Object request = exchange.getProperty(MahakExchange.REQUEST);
        Message in = exchange.getIn();
        target(exchange, operation);
        TokenManager.Issued issued = tokens.usable(); // direct:mahak-login renewed it if it was due
        if (issued == null) {
            tokens.token(); // expired or rejected since direct:mahak-login looked: log in once more
            issued = tokens.usable();
            if (issued == null) {
                throw new MahakTransientException(settings.versioned(operation), 0, null,
                        "No valid Mahak token right after a login", null);
            }
        }
        exchange.setProperty(MahakExchange.TOKEN_GENERATION, issued.generation());
        in.setHeader("Authorization", "Bearer " + issued.token());
        Map<?, ?> extra = exchange.getProperty(MahakExchange.REQUEST_HEADERS, Map.class);
        if (extra != null) {
            extra.forEach((name, value) -> in.setHeader(String.valueOf(name), value));
        }
        if (request instanceof HttpEntity entity) {
            in.setBody(entity); // its own Content-Type (multipart boundary)
            return;
        }
        JsonNode json = request == null ? mapper.createObjectNode()
                : request instanceof JsonNode node ? node : mapper.valueToTree(request);
        if (operation.equals("GetAllData") && json instanceof ObjectNode object) {
            json = withVisitor(object);
        }
        json(in);
        in.setBody(json);
    }

    /** The call succeeded: its own state leaves the exchange, the answer stays in the body. */
    public void done(Exchange exchange) {
        forget(exchange);
    }

    /**
     * The call failed (the caught exception): the caller's request goes back in the body and the call's state
     * leaves the exchange, so that a retry of {@code direct:mahak-call} is a whole new call; the failure goes on.
     */
    public void failed(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        // every header but the caller's retry state (its error handler counts attempts in CamelRedeliver*)
        exchange.getIn().removeHeaders("*", "CamelRedeliver*");
        exchange.getIn().setBody(exchange.getProperty(MahakExchange.REQUEST));
        forget(exchange);
        throw failure;
    }

    private static void forget(Exchange exchange) {
        // MahakOperation and MahakRequestHeaders are the caller's: a retry sends them again
        for (String name : new String[] { MahakExchange.REQUEST, MahakExchange.RESENT,
                MahakExchange.UNAUTHORIZED, MahakExchange.ENDPOINT, MahakExchange.TOKEN_GENERATION, MahakExchange.TIMER }) {
            exchange.removeProperty(name);
        }
    }

    private void target(Exchange exchange, String operation) {
        String endpoint = settings.versioned(operation);
        exchange.setProperty(MahakExchange.ENDPOINT, endpoint);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getIn().setHeader(Exchange.HTTP_PATH, endpoint);
    }

    private static void json(Message in) {
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Accept", "application/json");
    }

    /** The request with the {@code currentVisitorId} in use, unless it names one itself. */
    private ObjectNode withVisitor(ObjectNode request) {
        if (request.has(MahakClient.CURRENT_VISITOR_ID)) {
            return request;
        }
        Optional<Long> visitor = tokens.currentVisitorId();
        if (visitor.isEmpty()) {
            return request;
        }
        ObjectNode copy = request.deepCopy();
        copy.put(MahakClient.CURRENT_VISITOR_ID, visitor.get());
        return copy;
    }
}
