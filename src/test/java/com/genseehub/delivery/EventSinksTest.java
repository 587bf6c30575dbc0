package com.genseehub.delivery;

import com.genseehub.ingress.IngressServer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.support.Deliveries;
import com.genseehub.support.HubClient;
import com.genseehub.support.HubTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Every journaled event to a real Kafka broker (embedded KRaft) keyed site:ClassNo, and to the file sink
 * made from the routes/sinks/file-sink.kamelet.yaml Kamelet (routes/sinks/archive.yaml).
 */
@HubTest
@EmbeddedKafka(kraft = true, partitions = 2, topics = "gensee-test-events",
        bootstrapServersProperty = "hub.sinks.kafka.brokers")
@TestPropertySource(properties = {
        "hub.delivery.poll-interval=50ms",
        "hub.sinks.kafka.enabled=true",
        "hub.sinks.kafka.topic=gensee-test-events",
        "hub.sinks.archive.enabled=true",
        "hub.sites.demo.uid-offset=1000000000"
})
class EventSinksTest {

    static final Path ARCHIVE = tempDirectory();

    @DynamicPropertySource
    static void archive(DynamicPropertyRegistry registry) {
        registry.add("hub.sinks.archive.directory", ARCHIVE::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    IngressServer ingress;
    @Autowired
    EmbeddedKafkaBroker broker;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyEventIsPublishedToKafkaKeyedByClassAndAppendedToTheArchiveFile() throws Exception {
        HubClient hub = new HubClient(port, ingress.port(), HubTest.TOKEN);
        Deliveries deliveries = new Deliveries(hub);
        hub.get("/gensee/demo/live?ClassNo=K1&Operator=0&Action=102&totalusernum=0");
        hub.get("/gensee/demo/live?ClassNo=K2&Operator=0&Action=102&totalusernum=0");
        hub.get("/gensee/demo/live?ClassNo=K1&Operator=1000000101&Action=101&totalusernum=1");
        hub.get("/gensee/demo/live?ClassNo=K1&Operator=1000000101&Action=110&totalusernum=0");
        hub.get("/gensee/demo/vod?ClassNo=K2&Operator=1000000102&Action=111&totalusernum=1");
        hub.awaitDispatched();

        deliveries.awaitAll("kafka", 5, "done");
        deliveries.awaitAll("archive", 5, "done");
        // the mail alert is not enabled here: the 110 went to no mail sink
        assertThat(deliveries.of("mail-alert")).isEmpty();

        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Map<String, Object> props = KafkaTestUtils.consumerProps("hub-test", "false", broker);
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("gensee-test-events"));
            long deadline = System.currentTimeMillis() + 20_000;
            while (records.size() < 5 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(5);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("demo:K1", "demo:K1", "demo:K1", "demo:K2", "demo:K2");
        // order per class holds: one key, one partition, in journal order
        List<Integer> k1Actions = records.stream().filter(r -> r.key().equals("demo:K1"))
                .map(r -> read(r.value()).get("action").asInt()).toList();
        assertThat(k1Actions).containsExactly(102, 101, 110);
        JsonNode join = records.stream().map(r -> read(r.value()))
                .filter(e -> e.get("action").asInt() == 101).findFirst().orElseThrow();
        assertThat(join.get("site").asText()).isEqualTo("demo");
        assertThat(join.get("kind").asText()).isEqualTo("live");
        assertThat(join.get("classNo").asText()).isEqualTo("K1");
        assertThat(join.get("operator").asLong()).isEqualTo(1000000101L);
        assertThat(join.get("receivedAt").asText()).isEqualTo("2026-03-02T08:00:00Z");
        assertThat(join.get("params").get("Operator").asText()).isEqualTo("1000000101");
        // the integrator's own id (hub.sites.demo.uid-offset); none for Operator 0
        assertThat(join.get("userId").asLong()).isEqualTo(101);
        assertThat(records.stream().map(r -> read(r.value())).filter(e -> e.get("action").asInt() == 102))
                .allSatisfy(created -> assertThat(created.has("userId")).isFalse());

        List<String> lines;
        try (Stream<Path> files = Files.list(ARCHIVE)) {
            List<Path> written = files.toList();
            assertThat(written).hasSize(1);
            assertThat(written.get(0).getFileName().toString()).matches("events-\\d{4}-\\d{2}-\\d{2}\\.jsonl");
            lines = Files.readAllLines(written.get(0));
        }
        assertThat(lines).hasSize(5);
        assertThat(lines.stream().map(line -> read(line).get("seq").asLong()).sorted().toList())
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(read(lines.get(4)).get("kind").asText()).isEqualTo("vod");
        assertThat(read(lines.get(4)).get("userId").asLong()).isEqualTo(102);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("hub-archive");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
