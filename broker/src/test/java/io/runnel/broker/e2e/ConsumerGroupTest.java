package io.runnel.broker.e2e;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.runnel.broker.e2e.GroupMember.await;
import static io.runnel.broker.e2e.GroupMember.values;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer groups through the Java consumer, with both the classic protocol (JoinGroup/SyncGroup) and the consumer
 * protocol (KIP-848 ConsumerGroupHeartbeat): delivery within and across groups, and rebalances.
 */
class ConsumerGroupTest {

    private static final int PARTITIONS = 6;

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void twoMembersSplitTheTopicAndReceiveEveryRecordOnce(GroupProtocol protocol) throws Exception {
        // given a 6-partition topic with records in every partition
        String topic = uniqueTopic("split");
        broker.createTopic(topic, PARTITIONS, Map.of());
        List<String> produced = produce(topic, 0, 120);

        // when two members of one group consume it
        String group = uniqueTopic("group");
        try (var a = GroupMember.join(broker, "a", topic, group, protocol);
                var b = GroupMember.join(broker, "b", topic, group, protocol)) {
            await("the group consumed every record", () -> values(List.of(a, b)).size() >= produced.size());

            // then every record arrived exactly once in the group, and both members had a share
            assertThat(values(List.of(a, b))).containsExactlyInAnyOrderElementsOf(produced);
            assertThat(a.records()).isNotEmpty();
            assertThat(b.records()).isNotEmpty();
            var union = new HashSet<TopicPartition>(a.assignment());
            union.addAll(b.assignment());
            assertThat(union).hasSize(PARTITIONS);
            assertThat(a.assignment()).doesNotContainAnyElementsOf(b.assignment());
        }
    }

    /** Produces records {@code "<from>".."<from+count-1>"} round-robin over the partitions; returns their values. */
    static List<String> produce(String topic, int from, int count) throws Exception {
        List<String> values = new ArrayList<>();
        try (var producer = broker.producer(Map.of())) {
            for (int i : IntStream.range(from, from + count).toArray()) {
                String value = Integer.toString(i);
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, value.getBytes()));
                values.add(value);
            }
            producer.flush();
        }
        return values;
    }
}
