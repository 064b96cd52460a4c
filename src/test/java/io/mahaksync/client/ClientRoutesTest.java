package io.mahaksync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The call routes of routes/mahak-api.camel.yaml against a Mahak on loopback: what reaches Mahak and what
 * comes back to the route that called (never the token), a GetAllData answer that streams to its reader, and
 * the one fresh login a 401 gets.
 */
@QuarkusTest
@TestProfile(RouteStubMahak.Profile.class)
class ClientRoutesTest {

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    @Inject
    MahakClient client;

    @Inject
    TokenManager tokens;

    @BeforeEach
    void start() throws Exception {
        RouteStubMahak.start();
        RouteStubMahak.reset();
        tokens.invalidate(null);
        if (camel.getRoute("test-fan-out") == null) {
            // what an engineer's route does: call Mahak, then hand the message to another endpoint
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:test-fan-out").routeId("test-fan-out")
                            .setProperty(MahakExchange.OPERATION, constant("GetAllData"))
                            .to("direct:mahak-call")
                            .convertBodyTo(String.class)
                            .to("mock:downstream");
                    // the same under the shared error policy, whose retries repeat the whole call
                    from("direct:test-retried").routeId("test-retried")
                            .routeConfigurationId("mahak-error-handling")
                            .setProperty(MahakExchange.OPERATION, constant("GetAllData"))
                            .to("direct:mahak-call")
                            .convertBodyTo(String.class)
                            .to("mock:retried");
                }
            });
        }
        MockEndpoint.resetMocks(camel);
    }

    @AfterEach
    void release() {
        RouteStubMahak.reset();
    }

    private static ObjectNode request() {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("fromBankVersion", 0);
        return r;
    }

    @Test
    void theTokenNeverReachesTheRouteDownstreamNorDoTheCallersHeadersReachMahak() throws Exception {
        MockEndpoint downstream = camel.getEndpoint("mock:downstream", MockEndpoint.class);
        downstream.expectedMessageCount(1);

        producer.sendBodyAndHeaders("direct:test-fan-out", request(),
                Map.of("Authorization", "Bearer the-callers-own", "X-Caller-Header", "kept away from Mahak"));

        downstream.assertIsSatisfied(10_000);
        Exchange arrived = downstream.getExchanges().get(0);
        assertThat(arrived.getMessage().getBody(String.class)).contains("\"second\"");
        Map<String, Object> headers = arrived.getMessage().getHeaders();
        assertThat(headers).as("no Authorization, no response header, no caller header after the call")
                .doesNotContainKeys("Authorization", "X-Stub-Answer", "Content-Type", "CamelHttpResponseCode",
                        "X-Caller-Header");
        assertThat(headers.values()).noneMatch(v -> String.valueOf(v).contains("route-stub-token"));
        assertThat(arrived.getAllProperties().values()).as("nor in the exchange properties")
                .noneMatch(v -> String.valueOf(v).contains("route-stub-token"));

        Headers sent = RouteStubMahak.lastRequestHeaders.get();
        assertThat(sent.getFirst("Authorization")).isEqualTo("Bearer route-stub-token-1");
        assertThat(sent.containsKey("X-caller-header")).as("the caller's headers stay out of the request").isFalse();
    }

    @Test
    void aGetAllDataAnswerStreamsItsFirstRecordIsReadBeforeMahakHasSentTheRest() throws Exception {
        RouteStubMahak.holdTail = true;
        long started = System.nanoTime();
        try (InputStream answer = client.getAllData(request())) {
            JsonParser p = new JsonFactory().createParser(answer);
            String firstName = null;
            while (firstName == null && p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("Name")) {
                    p.nextToken();
                    firstName = p.getText();
                }
            }
            assertThat(firstName).isEqualTo("first");
            assertThat(RouteStubMahak.tailSent).as("the rest is still held back by Mahak").isFalse();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                    .as("read long before the stub gives up holding (20 s)").isLessThan(10);

            RouteStubMahak.release.countDown();
            String rest = new String(answer.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).contains("\"second\"");
        }
    }

    @Test
    void anAnswerClosedBeforeItsEndCutsTheConnectionInsteadOfReadingTheRest() throws Exception {
        RouteStubMahak.holdTail = true;
        InputStream answer = client.getAllData(request());
        assertThat(answer.read(new byte[16])).isPositive();
        answer.close();
        RouteStubMahak.release.countDown();
        assertThat(RouteStubMahak.tailDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(RouteStubMahak.tailSent).as("the 2 MB rest was not drained by the client").isFalse();
    }

    @Test
    void a401GetsExactlyOneFreshLoginAndOneMoreSend() throws Exception {
        client.ensureLoggedIn();
        RouteStubMahak.statusesNext.add(401);

        try (InputStream answer = client.getAllData(request())) {
            assertThat(new String(answer.readAllBytes(), StandardCharsets.UTF_8)).contains("\"second\"");
        }

        assertThat(RouteStubMahak.logins).as("the first login and the fresh one").hasValue(2);
        assertThat(RouteStubMahak.getAllDataCalls).as("the refused send and the one more").hasValue(2);
        assertThat(RouteStubMahak.lastRequestHeaders.get().getFirst("Authorization"))
                .isEqualTo("Bearer route-stub-token-2");
    }

    @Test
    void a401ToTheFreshTokenTooIsPermanent() {
        client.ensureLoggedIn();
        RouteStubMahak.statusesNext.addAll(List.of(401, 401));

        assertThatThrownBy(() -> client.getAllData(request())).isInstanceOf(MahakPermanentException.class)
                .hasMessageContaining("answered 401 even with a fresh token").hasMessageNotContaining("route-stub-token");

        assertThat(RouteStubMahak.logins).as("one fresh login, not more").hasValue(2);
        assertThat(RouteStubMahak.getAllDataCalls).hasValue(2);
    }

    @Test
    void aRetryAfterAFailedSecondSendIsAWholeNewCallWithItsOwnFreshLogin() throws Exception {
        client.ensureLoggedIn();
        // 401, then the one more send meets a 503 (retried by the policy), then the retry meets a 401 again
        RouteStubMahak.statusesNext.addAll(List.of(401, 503, 401));
        MockEndpoint retried = camel.getEndpoint("mock:retried", MockEndpoint.class);
        retried.expectedMessageCount(1);

        producer.sendBody("direct:test-retried", request());

        retried.assertIsSatisfied(10_000);
        assertThat(retried.getExchanges().get(0).getMessage().getBody(String.class)).contains("\"second\"");
        assertThat(RouteStubMahak.logins).as("the first login and one fresh login per 401").hasValue(3);
        assertThat(RouteStubMahak.getAllDataCalls).hasValue(4);
    }

    /**
     * A drop's batches are all sent inside the one exchange that took the drop (a million rows: 2,000 requests of
     * about 125 KB). camel-http holds a streamed answer's request and response until its exchange completes; an answer
     * that is read whole must hold neither, or that exchange keeps every request it sent.
     */
    @Test
    void callsWhoseAnswersAreReadWholeLeaveNoRequestHeldByTheExchangeThatMadeThem() throws Exception {
        if (camel.getRoute("test-three-saves") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:test-three-saves").routeId("test-three-saves")
                            .loop(3)
                                .setProperty(MahakExchange.OPERATION, constant("SaveAllData"))
                                .setBody(e -> JsonNodeFactory.instance.objectNode().set("people",
                                        JsonNodeFactory.instance.arrayNode()))
                                .to("direct:mahak-call")
                            .end()
                            .process(e -> {
                                // what camel-http left to run when this exchange completes
                                Exchange probe = new DefaultExchange(camel);
                                e.getUnitOfWork().handoverSynchronization(probe,
                                        s -> s.getClass().getName().startsWith("org.apache.camel.component.http."));
                                List<Synchronization> held = probe.getExchangeExtension()
                                        .handoverCompletions();
                                e.getMessage().setBody(held == null ? 0 : held.size());
                                if (held != null) {
                                    held.forEach(s -> s.onComplete(probe));
                                }
                            });
                }
            });
        }
        assertThat(producer.requestBody("direct:test-three-saves", (Object) null, Integer.class))
                .as("requests held until the exchange completes").isZero();
    }

    @Test
    void aCallWithoutItsOperationIsRefusedWithTheReason() {
        Exchange done = producer.send("direct:mahak-call", e -> e.getIn().setBody(List.of()));
        assertThat(done.getException()).hasMessageContaining("MahakOperation");
    }
}
