package io.runnel.broker.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/** A broker restarted on the same log dir (and embedded ZooKeeper data) has its topics, configs and data back. */
class RestartTest {

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    @Test
    void topicsConfigsAndRecordsSurviveARestart() throws Exception {
        // given a topic with a config override and records in both partitions
        String topic = uniqueTopic("durable");
        broker.createTopic(topic, 2, Map.of(TopicConfig.RETENTION_MS_CONFIG, "7200000"));
        Uuid topicId;
        try (Admin admin = broker.admin()) {
            topicId = describe(admin, topic).topicId();
        }
        try (var producer = broker.producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, null, new byte[] {(byte) i}));
            }
            producer.flush();
        }

        // when
        broker.restart();

        // then
        try (Admin admin = broker.admin()) {
            TopicDescription description = describe(admin, topic);
            assertThat(description.topicId()).isEqualTo(topicId);
            assertThat(description.partitions()).hasSize(2);
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource))
                    .values()
                    .get(resource)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("7200000");
        }
        assertThat(broker.consume(new TopicPartition(topic, 0), 0, 5))
                .extracting(r -> r.value()[0])
                .containsExactly((byte) 0, (byte) 2, (byte) 4, (byte) 6, (byte) 8);
        assertThat(broker.consume(new TopicPartition(topic, 1), 0, 5))
                .extracting(r -> r.value()[0])
                .containsExactly((byte) 1, (byte) 3, (byte) 5, (byte) 7, (byte) 9);

        // and the restarted broker appends after the recovered records
        try (var producer = broker.producer(Map.of())) {
            assertThat(producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {10}))
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .offset())
                    .isEqualTo(5);
        }
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic))
                .topicNameValues()
                .get(topic)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
