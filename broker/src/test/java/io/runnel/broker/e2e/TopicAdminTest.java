package io.runnel.broker.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic administration through the Java Admin client, and auto-creation by the producer. */
class TopicAdminTest {

    private static final int NUM_PARTITIONS = 3;

    @RegisterExtension
    static final RunnelBrokerExtension broker =
            new RunnelBrokerExtension(Map.of("num.partitions", Integer.toString(NUM_PARTITIONS)));

    private static <T> T await(KafkaFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return await(admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
    }

    private static ConfigEntry topicConfig(Admin admin, String topic, String name) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = await(admin.describeConfigs(List.of(resource)).values().get(resource));
        return config.get(name);
    }

    @Test
    void createdTopicIsDescribedWithItsPartitionsLedByThisBroker() throws Exception {
        String topic = uniqueTopic("created");
        try (Admin admin = broker.admin()) {
            await(admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all());

            TopicDescription description = describe(admin, topic);
            assertThat(description.topicId()).isNotNull();
            assertThat(description.partitions()).hasSize(2).allSatisfy(p -> {
                assertThat(p.leader().id()).isZero();
                assertThat(p.replicas()).hasSize(1);
                assertThat(p.isr()).hasSize(1);
            });
            assertThat(await(admin.listTopics().names())).contains(topic);
        }
    }

    @Test
    void incrementalAlterConfigsIsShownByDescribeConfigs() throws Exception {
        String topic = uniqueTopic("altered");
        broker.createTopic(topic, 1, Map.of());
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = broker.admin()) {
            assertThat(topicConfig(admin, topic, TopicConfig.RETENTION_MS_CONFIG)
                            .source())
                    .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

            await(admin.incrementalAlterConfigs(Map.of(
                            resource,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "3600000"),
                                    AlterConfigOp.OpType.SET))))
                    .all());

            ConfigEntry retention = topicConfig(admin, topic, TopicConfig.RETENTION_MS_CONFIG);
            assertThat(retention.value()).isEqualTo("3600000");
            assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        }
    }

    @Test
    void createPartitionsAddsWritablePartitions() throws Exception {
        String topic = uniqueTopic("grown");
        broker.createTopic(topic, 1, Map.of());
        try (Admin admin = broker.admin()) {
            await(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3)))
                    .all());

            assertThat(describe(admin, topic).partitions()).hasSize(3);
        }
        try (var producer = broker.producer(Map.of())) {
            assertThat(producer.send(new ProducerRecord<>(topic, 2, null, new byte[] {7}))
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .offset())
                    .isZero();
        }
    }

    @Test
    void deletedTopicIsGone() throws Exception {
        String topic = uniqueTopic("deleted");
        broker.createTopic(topic, 1, Map.of());
        try (Admin admin = broker.admin()) {
            await(admin.deleteTopics(List.of(topic)).all());

            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (await(admin.listTopics().names()).contains(topic) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(await(admin.listTopics().names())).doesNotContain(topic);
            assertThatThrownBy(() -> describe(admin, topic))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void creatingAnExistingTopicFailsWithTopicExists() throws Exception {
        String topic = uniqueTopic("twice");
        broker.createTopic(topic, 1, Map.of());
        try (Admin admin = broker.admin()) {
            assertThatThrownBy(() -> await(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                            .all()))
                    .hasCauseInstanceOf(TopicExistsException.class);
        }
    }

    @Test
    void creatingATopicWithZeroPartitionsFailsWithInvalidPartitions() throws Exception {
        try (Admin admin = broker.admin()) {
            assertThatThrownBy(() ->
                            await(admin.createTopics(List.of(new NewTopic(uniqueTopic("no-partitions"), 0, (short) 1)))
                                    .all()))
                    .hasCauseInstanceOf(InvalidPartitionsException.class);
        }
    }

    @Test
    void creatingATopicWithMoreReplicasThanBrokersFailsWithInvalidReplicationFactor() throws Exception {
        try (Admin admin = broker.admin()) {
            assertThatThrownBy(() ->
                            await(admin.createTopics(List.of(new NewTopic(uniqueTopic("replicated"), 1, (short) 3)))
                                    .all()))
                    .hasCauseInstanceOf(InvalidReplicationFactorException.class);
        }
    }

    @Test
    void producingToAnUnknownTopicCreatesItWithNumPartitions() throws Exception {
        String topic = uniqueTopic("auto");
        try (var producer = broker.producer(Map.of())) {
            assertThat(producer.send(new ProducerRecord<>(topic, null, new byte[] {1}))
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .topic())
                    .isEqualTo(topic);
        }
        try (Admin admin = broker.admin()) {
            TopicDescription description = describe(admin, topic);
            assertThat(description.partitions()).hasSize(NUM_PARTITIONS);
            assertThat(topicConfig(admin, topic, TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
        }
    }
}
