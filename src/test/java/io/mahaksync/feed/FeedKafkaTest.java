package io.mahaksync.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.push.PushProfiles;
import io.mahaksync.simulator.MahakSimulator;
import io.mahaksync.simulator.store.RecordState;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka recipe, loaded from a routes folder, against a real Kafka broker (KRaft, started in this JVM):
 * every committed change of people is a message on the topic, keyed by the person's server id.
 */
@QuarkusTest
@TestProfile(PushProfiles.Kafka.class)
class FeedKafkaTest {

    @Inject
    MahakSimulator simulator;
    @Inject
    TargetDatabase target;
    @Inject
    EntityCatalog catalog;
    @Inject
    CamelContext camel;

    @Test
    void everyChangeOfPeopleIsAMessageKeyedByPersonId() throws Exception {
        camel.getRouteController().stopRoute("people-to-kafka");
        simulator.resetBehaviour();
        simulator.reseed(11, 300);
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + d.quote("mahak_subscription"));
            s.execute("DELETE FROM " + d.quote("mahak_sync_state"));
            s.execute("DELETE FROM " + d.quote("mahak_sync_source"));
            for (EntityDef e : catalog.all()) {
                s.execute("DELETE FROM " + d.quote(e.table()));
            }
        }
        camel.getRouteController().startRoute("people-to-kafka");
        pullPeople();
        List<RecordState> live = simulator.states("people").stream().filter(r -> !r.deleted()).toList();
        simulator.update("people", live.get(0).id(), JsonNodeFactory.instance.objectNode().put("city", "تبریز"));
        simulator.delete("people", live.get(1).id());
        pullPeople();

        Set<String> expected = new HashSet<>();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT person_id, row_version FROM mahak_person")) {
            while (rs.next()) {
                expected.add(rs.getInt(1) + ":" + rs.getLong(2));
            }
        }
        assertThat(expected).isNotEmpty();

        Properties props = new Properties();
        props.put("bootstrap.servers", FeedProfiles.kafkaBroker().bootstrapServers());
        props.put("group.id", "feed-kafka-test");
        props.put("auto.offset.reset", "earliest");
        ObjectMapper json = new ObjectMapper();
        Set<String> published = new HashSet<>();
        Map<Integer, JsonNode> latest = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("mahak.people"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!published.containsAll(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode record = json.readTree(r.value());
                    assertThat(r.key()).isEqualTo(record.get("personId").asText());
                    published.add(record.get("personId").asInt() + ":" + record.get("rowVersion").asLong());
                    latest.put(record.get("personId").asInt(), record);
                }
            }
        }
        assertThat(published).as("every committed change on the topic").containsAll(expected);
        assertThat(latest.get(live.get(0).id()).get("city").asText()).isEqualTo("تبریز");
        assertThat(latest.get(live.get(1).id()).get("deleted").asBoolean()).isTrue();
    }

    private void pullPeople() throws Exception {
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            producer.requestBody("direct:pull-now", List.of("people"));
        }
    }
}
