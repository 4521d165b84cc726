package io.runnel.broker.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker shut down cleanly and started again on the same log dir (and embedded ZooKeeper data) has its topics,
 * their configs and every record it acknowledged back, and goes on where it stopped.
 */
class RestartTest {

    private static final int PARTITIONS = 2;
    private static final int RECORDS_PER_PARTITION = 5;

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    /** An acknowledged record: where the broker said it stored it, and what it holds. */
    private record Acked(TopicPartition partition, long offset, byte value) {}

    @Test
    void topicIdPartitionsAndConfigOverridesSurviveARestart() throws Exception {
        // given a topic with a config override
        String topic = uniqueTopic("durable-metadata");
        broker.createTopic(topic, PARTITIONS, Map.of(TopicConfig.RETENTION_MS_CONFIG, "7200000"));
        Uuid topicId = describe(topic).topicId();

        // when
        broker.restart();

        // then
        TopicDescription description = describe(topic);
        assertThat(description.topicId()).isEqualTo(topicId);
        assertThat(description.partitions()).hasSize(PARTITIONS);
        assertThat(retentionMs(topic)).isEqualTo("7200000");
    }

    @Test
    void everyAcknowledgedRecordIsServedAtItsOffsetAfterARestart() throws Exception {
        // given records the broker acknowledged in every partition of a topic
        String topic = uniqueTopic("durable-records");
        broker.createTopic(topic, PARTITIONS, Map.of());
        List<Acked> acked = produceAcknowledged(topic);

        // when
        broker.restart();

        // then a consumer reads each of them from the offset it was acknowledged at
        for (int p = 0; p < PARTITIONS; p++) {
            var partition = new TopicPartition(topic, p);
            assertThat(broker.consume(partition, 0, RECORDS_PER_PARTITION))
                    .extracting(r -> new Acked(partition, r.offset(), r.value()[0]))
                    .containsExactlyElementsOf(acked.stream()
                            .filter(a -> a.partition().equals(partition))
                            .toList());
        }
    }

    @Test
    void appendsContinueAfterTheRecordsStoredBeforeARestart() throws Exception {
        // given a partition with acknowledged records
        String topic = uniqueTopic("durable-appends");
        broker.createTopic(topic, PARTITIONS, Map.of());
        produceAcknowledged(topic);

        // when the broker restarts and a record is appended to the partition
        broker.restart();
        long offset;
        try (var producer = broker.producer(Map.of())) {
            offset = producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {42}))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        }

        // then it lands right after them
        assertThat(offset).isEqualTo(RECORDS_PER_PARTITION);
    }

    /**
     * Sends {@link #RECORDS_PER_PARTITION} records to each partition of {@code topic}, round-robin, and returns
     * them as acknowledged; fails if any send is not acknowledged, or not at the next offset of its partition (a
     * record the broker never acknowledged is the producer's loss, not the restart's).
     */
    private static List<Acked> produceAcknowledged(String topic) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < PARTITIONS * RECORDS_PER_PARTITION; i++) {
            records.add(new ProducerRecord<>(topic, i % PARTITIONS, null, new byte[] {(byte) i}));
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (var producer = broker.producer(Map.of())) {
            records.forEach(record -> sends.add(producer.send(record)));
        }
        List<Acked> acked = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata metadata = sends.get(i).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(metadata.offset())
                    .as("offset acknowledged for record %d", i)
                    .isEqualTo(i / PARTITIONS);
            acked.add(new Acked(
                    new TopicPartition(topic, metadata.partition()),
                    metadata.offset(),
                    records.get(i).value()[0]));
        }
        return acked;
    }

    private static TopicDescription describe(String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.describeTopics(List.of(topic))
                    .topicNameValues()
                    .get(topic)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String retentionMs(String topic) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = broker.admin()) {
            Config config = admin.describeConfigs(List.of(resource))
                    .values()
                    .get(resource)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return config.get(TopicConfig.RETENTION_MS_CONFIG).value();
        }
    }
}
