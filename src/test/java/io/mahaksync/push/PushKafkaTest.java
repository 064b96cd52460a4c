package io.mahaksync.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mahaksync.feed.FeedProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka recipe, loaded from a routes folder, against a real Kafka broker (KRaft, started in this JVM):
 * people records put on the topic end in Mahak (the simulator) with their server ids written back.
 */
@QuarkusTest
@TestProfile(PushProfiles.Kafka.class)
class PushKafkaTest extends PushEntrySupport {

    @Test
    void peopleOnATopicEndInMahakWithTheirServerIdsWrittenBack() throws Exception {
        long ali = nextId();
        long sara = nextId();
        String aliRecord = "{\"personClientId\":" + ali + ",\"firstName\":\"از کافکا\",\"lastName\":\"یک\"}";
        Properties props = new Properties();
        props.put("bootstrap.servers", FeedProfiles.kafkaBroker().bootstrapServers());
        props.put("acks", "all");
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            kafka.send(new ProducerRecord<>("erp.people", Long.toString(ali), aliRecord)).get();
            // the same message twice, as a producer that retried would leave it: staged once
            kafka.send(new ProducerRecord<>("erp.people", Long.toString(ali), aliRecord)).get();
            kafka.send(new ProducerRecord<>("erp.people", Long.toString(sara),
                    "{\"PERSONCLIENTID\":" + sara + ",\"firstname\":\"دو\",\"credit\":\"much\"}")).get();
            kafka.send(new ProducerRecord<>("erp.people", Long.toString(sara),
                    "{\"personClientId\":" + sara + ",\"firstName\":\"دو\",\"credit\":2500}")).get();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> query("SELECT id FROM mahak_outbox WHERE client_id = ?", sara).size() == 1
                        && query("SELECT id FROM mahak_outbox WHERE source_file = ? AND status = 'invalid'",
                                "kafka-people-to-mahak").size() == 1);
        List<Map<String, Object>> aliRows = query("SELECT id FROM mahak_outbox WHERE client_id = ?", ali);
        assertThat(aliRows).as("a message delivered twice is staged once").hasSize(1);
        Map<String, Object> invalid = query("SELECT * FROM mahak_outbox WHERE source_file = ? AND status = 'invalid'",
                "kafka-people-to-mahak").get(0);
        assertThat((String) invalid.get("last_error")).contains("credit: 'much' is not a valid double");
        long aliId = ((Number) aliRows.get(0).get("id")).longValue();
        long saraId = ((Number) query("SELECT id FROM mahak_outbox WHERE client_id = ?", sara).get(0).get("id")).longValue();
        withSendLoop(() -> {
            awaitSentWithServerId(aliId, ali);
            awaitSentWithServerId(saraId, sara);
        });
        assertThat(savedPeople(sara).get(0).path("credit").asDouble()).isEqualTo(2500.0);
    }
}
