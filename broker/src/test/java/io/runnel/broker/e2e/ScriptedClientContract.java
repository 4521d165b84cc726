package io.runnel.broker.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.e2e.ScriptedClient.Consumed;
import io.runnel.broker.e2e.ScriptedClient.Message;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every Kafka client library must be able to do against the broker, unchanged: create a topic through its admin
 * client, produce keyed messages with headers and consume them back through a consumer group (JoinGroup, SyncGroup,
 * Heartbeat, OffsetFetch, OffsetCommit, LeaveGroup at the library's own versions), resume a group from its committed
 * offsets, and exchange gzip-compressed batches with the Java clients. One subclass per library, each with its own
 * broker. The library is installed by {@code .ci/install-test-tools}; where it is not, its tests are skipped, except
 * under {@code bin/runnel-test} (what CI runs), which installs it first and so makes a missing library a failure.
 */
abstract class ScriptedClientContract {

    /** Set by {@code bin/runnel-test}: a library that is not installed fails the tests instead of skipping them. */
    private static final String REQUIRE_TEST_TOOLS = "runnel.requireTestTools";

    private static final int PARTITIONS = 3;

    @TempDir
    Path workDir;

    private ScriptedClient client;

    /** The broker this library's tests share (the subclass's {@code @RegisterExtension}). */
    abstract RunnelBrokerExtension broker();

    /** The library under test, empty where it is not installed. */
    abstract Optional<ScriptedClient.Installation> installation();

    @BeforeEach
    void connectTheClient() {
        Optional<ScriptedClient.Installation> installation = installation();
        String missing =
                getClass().getSimpleName() + ": the client library is not installed (run .ci/install-test-tools)";
        if (Boolean.getBoolean(REQUIRE_TEST_TOOLS)) {
            assertThat(installation).as(missing).isPresent();
        } else {
            assumeTrue(installation.isPresent(), missing);
        }
        client = installation.get().connectedTo(broker().bootstrapServers(), workDir);
    }

    @Test
    void adminCreatesATopicWithEveryPartitionLedByTheBroker() throws Exception {
        // given
        String topic = uniqueTopic(client.name() + "-admin");

        // when
        client.createTopic(topic, PARTITIONS);

        // then
        TopicDescription description = describe(topic);
        assertThat(description.partitions()).hasSize(PARTITIONS);
        for (TopicPartitionInfo partition : description.partitions()) {
            assertThat(partition.leader().id()).isZero();
            assertThat(partition.isr()).extracting(node -> node.id()).containsExactly(0);
        }
    }

    @Test
    void keyedMessagesWithHeadersComeBackIdenticalAndInOrderThroughAGroup() throws Exception {
        // given a topic the library created and keyed messages whose values carry their send order
        String topic = uniqueTopic(client.name() + "-roundtrip");
        client.createTopic(topic, PARTITIONS);
        List<Message> sent = messages(60, client.name());

        // when the library produces them and a group of one member of the library consumes the topic
        client.produce(topic, "none", sent);
        List<Consumed> consumed = client.consume(topic, uniqueTopic(client.name() + "-group"), sent.size());

        // then every message is back once, unchanged, with its headers
        assertThat(consumed).extracting(Consumed::message).containsExactlyInAnyOrderElementsOf(sent);

        // and each partition holds its messages in send order at offsets 0, 1, 2, ..., a key always in the same one
        DeliveryOrder.assertInSendOrderPerPartitionByKey(consumed.stream()
                .map(c -> new DeliveryOrder.Delivery(c.partition(), c.offset(), c.key(), c.value()))
                .toList());
    }

    @Test
    void aGroupResumesAfterTheOffsetsItCommitted() throws Exception {
        // given a group that consumed and committed the first 5 messages of a topic
        String topic = uniqueTopic(client.name() + "-resume");
        broker().createTopic(topic, 1, Map.of());
        String group = uniqueTopic(client.name() + "-group");
        List<Message> messages = messages(8, client.name());
        client.produce(topic, "none", messages.subList(0, 5));
        client.consume(topic, group, 5);
        assertThat(committedOffsets(group)).isEqualTo(Map.of(new TopicPartition(topic, 0), 5L));

        // when 3 more messages arrive and the group consumes again
        client.produce(topic, "none", messages.subList(5, 8));
        List<Consumed> resumed = client.consume(topic, group, 3);

        // then it reads exactly the new ones, from offset 5 on
        assertThat(resumed).extracting(Consumed::message).containsExactlyElementsOf(messages.subList(5, 8));
        assertThat(resumed).extracting(Consumed::offset).containsExactly(5L, 6L, 7L);
        assertThat(committedOffsets(group)).isEqualTo(Map.of(new TopicPartition(topic, 0), 8L));
    }

    @Test
    void consumesTheGzipBatchesOfTheJavaProducer() throws Exception {
        // given keyed messages with headers that the Java producer wrote gzip-compressed
        String topic = uniqueTopic(client.name() + "-from-java");
        broker().createTopic(topic, PARTITIONS, Map.of());
        List<Message> sent = messages(60, "java");
        try (var producer = broker().producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"))) {
            for (Message message : sent) {
                producer.send(new ProducerRecord<>(
                        topic, null, bytes(message.key()), bytes(message.value()), headers(message.headers())));
            }
            producer.flush();
        }
        assertThat(compressionOf(topic, PARTITIONS)).containsOnly(CompressionType.GZIP);

        // when
        List<Consumed> consumed = client.consume(topic, uniqueTopic(client.name() + "-group"), sent.size());

        // then
        assertThat(consumed).extracting(Consumed::message).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void theJavaConsumerReadsItsGzipBatches() throws Exception {
        // given
        String topic = uniqueTopic(client.name() + "-to-java");
        broker().createTopic(topic, 1, Map.of());
        var tp = new TopicPartition(topic, 0);
        List<Message> sent = messages(60, client.name());

        // when the library produces gzip-compressed batches
        client.produce(topic, "gzip", sent);

        // then the log holds them compressed as sent, and the Java consumer reads every message unchanged, in order
        assertThat(compressionOf(topic, 1)).containsOnly(CompressionType.GZIP);
        List<Message> read = broker().consume(tp, 0, sent.size()).stream()
                .map(ScriptedClientContract::message)
                .toList();
        assertThat(read).containsExactlyElementsOf(sent);
    }

    /** {@code count} messages over 7 keys; values sort in send order and include a non-ASCII character. */
    private static List<Message> messages(int count, String source) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("source", source);
            headers.put("seq", Integer.toString(i));
            messages.add(new Message("key-" + (i % 7), String.format("%03d-caf\u00e9-%s", i, "x".repeat(i)), headers));
        }
        return messages;
    }

    private static Message message(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return new Message(string(record.key()), string(record.value()), headers);
    }

    private static List<Header> headers(Map<String, String> headers) {
        List<Header> list = new ArrayList<>();
        headers.forEach((key, value) -> list.add(new RecordHeader(key, bytes(value))));
        return list;
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private TopicDescription describe(String topic) throws Exception {
        try (Admin admin = broker().admin()) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
        }
    }

    private Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
        try (Admin admin = broker().admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            committed.forEach((tp, offset) -> offsets.put(tp, offset.offset()));
            return offsets;
        }
    }

    /**
     * The codecs of the batches in the first segment of each of the topic's partitions, read from the broker's log
     * directory: the broker keeps a producer's codec ({@code compression.type=producer}), so they are the producer's.
     */
    private List<CompressionType> compressionOf(String topic, int partitions) throws Exception {
        List<CompressionType> codecs = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            Path segment = broker().logDir().resolve(topic + "-" + p).resolve("00000000000000000000.log");
            try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
                for (RecordBatch batch : records.batches()) {
                    codecs.add(batch.compressionType());
                }
            }
        }
        assertThat(codecs).as("batches of %s", topic).isNotEmpty();
        return codecs;
    }
}
