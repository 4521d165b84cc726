package io.runnel.broker.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.runnel.broker.e2e.GroupMember.await;
import static io.runnel.broker.e2e.GroupMember.values;
import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
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
        // given two members of one group sharing a 6-partition topic
        String topic = uniqueTopic("split");
        broker.createTopic(topic, PARTITIONS, Map.of());
        String group = uniqueTopic("group");
        try (var a = GroupMember.join(broker, "a", topic, group, protocol);
                var b = GroupMember.join(broker, "b", topic, group, protocol)) {
            await(
                    "both members have partitions",
                    () -> !a.assignment().isEmpty() && !b.assignment().isEmpty());

            // when records arrive in every partition
            List<String> produced = produce(topic, 0, 120);
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

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aSecondGroupReceivesEveryRecordAgain(GroupProtocol protocol) throws Exception {
        // given a topic the first group consumed entirely
        String topic = uniqueTopic("two-groups");
        broker.createTopic(topic, PARTITIONS, Map.of());
        List<String> produced = produce(topic, 0, 60);
        try (var first = GroupMember.join(broker, "first", topic, uniqueTopic("group"), protocol)) {
            await("the first group consumed every record", () -> first.records().size() >= produced.size());
        }

        // when another group consumes it
        try (var second = GroupMember.join(broker, "second", topic, uniqueTopic("group"), protocol)) {
            await(
                    "the second group consumed every record",
                    () -> second.records().size() >= produced.size());

            // then it gets every record too, once
            assertThat(values(List.of(second))).containsExactlyInAnyOrderElementsOf(produced);
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aMemberLeavingCleanlyHandsItsPartitionsToTheSurvivor(GroupProtocol protocol) throws Exception {
        // given two members that consumed and committed a first batch
        String topic = uniqueTopic("leave");
        broker.createTopic(topic, PARTITIONS, Map.of());
        String group = uniqueTopic("group");
        List<String> produced = new ArrayList<>(produce(topic, 0, 60));
        var survivor = GroupMember.join(broker, "survivor", topic, group, protocol);
        var leaver = GroupMember.join(broker, "leaver", topic, group, protocol);
        try (survivor) {
            await(
                    "both members have partitions",
                    () -> !survivor.assignment().isEmpty()
                            && !leaver.assignment().isEmpty());
            await(
                    "the first batch is consumed",
                    () -> values(List.of(survivor, leaver)).size() >= 60);

            // when one member closes (LeaveGroup) and more records arrive
            leaver.close();
            produced.addAll(produce(topic, 60, 60));

            // then the survivor gets all partitions and every later record; nothing is lost or delivered twice
            await(
                    "the survivor owns every partition",
                    () -> survivor.assignment().size() == PARTITIONS);
            await(
                    "every record is consumed",
                    () -> values(List.of(survivor, leaver)).size() >= produced.size());
            assertThat(values(List.of(survivor, leaver))).containsExactlyInAnyOrderElementsOf(produced);
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aKilledMemberLosesItsPartitionsAfterTheSessionTimeout(GroupProtocol protocol) throws Exception {
        // given a member in this JVM and one in a child JVM sharing the topic
        String topic = uniqueTopic("kill");
        broker.createTopic(topic, PARTITIONS, Map.of());
        String group = uniqueTopic("group");
        List<String> produced = new ArrayList<>(produce(topic, 0, 60));
        try (var survivor = GroupMember.join(broker, "survivor", topic, group, protocol);
                var child = ChildGroupMember.start(broker.bootstrapServers(), topic, group, protocol)) {
            await("the child has partitions", () -> child.assignedPartitions() > 0);
            await("the first batch is consumed", () -> consumed(survivor, child).size() >= 60);

            // when the child is killed (no LeaveGroup) and more records arrive
            child.kill();
            produced.addAll(produce(topic, 60, 60));

            // then after the session timeout the survivor takes over, and no record is lost (records the child
            // processed without committing may come again: at-least-once)
            await(
                    "the survivor owns every partition",
                    () -> survivor.assignment().size() == PARTITIONS);
            await("every record is consumed", () -> new HashSet<>(consumed(survivor, child)).containsAll(produced));
            assertThat(survivor.records()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void committedOffsetsSurviveAConsumerRestart(GroupProtocol protocol) throws Exception {
        // given a member that consumed and committed the first records, then closed
        String topic = uniqueTopic("resume");
        broker.createTopic(topic, PARTITIONS, Map.of());
        String group = uniqueTopic("group");
        List<String> first = produce(topic, 0, 60);
        try (var member = GroupMember.join(broker, "first", topic, group, protocol)) {
            await("the first batch is consumed", () -> member.records().size() >= first.size());
        }
        List<String> later = produce(topic, 60, 30);

        // when a new member of the group starts
        try (var member = GroupMember.join(broker, "restarted", topic, group, protocol)) {
            await("the later batch is consumed", () -> member.records().size() >= later.size());

            // then it resumes at the committed offsets: only the later records
            assertThat(values(List.of(member))).containsExactlyInAnyOrderElementsOf(later);
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void committedOffsetsSurviveABrokerRestart(GroupProtocol protocol) throws Exception {
        // given a group that committed the first records
        String topic = uniqueTopic("broker-restart");
        broker.createTopic(topic, PARTITIONS, Map.of());
        String group = uniqueTopic("group");
        List<String> first = produce(topic, 0, 60);
        try (var member = GroupMember.join(broker, "first", topic, group, protocol)) {
            await("the first batch is consumed", () -> member.records().size() >= first.size());
        }

        // when the broker restarts (the coordinator reloads __consumer_offsets) and more records arrive
        broker.restart();
        List<String> later = produce(topic, 60, 30);

        // then the group resumes where it committed
        try (var member = GroupMember.join(broker, "after-restart", topic, group, protocol)) {
            await("the later batch is consumed", () -> member.records().size() >= later.size());
            assertThat(values(List.of(member))).containsExactlyInAnyOrderElementsOf(later);
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aStaticMemberRestartedWithinItsSessionTimeoutCausesNoRebalance(GroupProtocol protocol) throws Exception {
        // given a dynamic member and a static one in a stable group
        String topic = uniqueTopic("static");
        broker.createTopic(topic, PARTITIONS, Map.of());
        String group = uniqueTopic("group");
        Map<String, Object> staticConfig = new HashMap<>(GroupMember.config(group, protocol));
        staticConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-1");
        try (var other = GroupMember.join(broker, "other", topic, group, protocol)) {
            var member = GroupMember.join(broker, "static", topic, staticConfig);
            await(
                    "both members have partitions",
                    () -> !other.assignment().isEmpty() && !member.assignment().isEmpty());
            await("the group is stable", () -> other.generation() > 0 && stable(group));
            Set<TopicPartition> staticPartitions = member.assignment();
            int assignmentsBefore = other.assignmentCount();
            int generationBefore = other.generation();

            // when the static member closes (no LeaveGroup for a static member) and a new instance takes its place
            member.close();
            try (var restarted = GroupMember.join(broker, "static-again", topic, staticConfig)) {
                await(
                        "the restarted instance has its partitions",
                        () -> !restarted.assignment().isEmpty());

                // then it gets the same partitions, and the other member saw no rebalance
                assertThat(restarted.assignment()).isEqualTo(staticPartitions);
                assertThat(other.assignmentCount()).isEqualTo(assignmentsBefore);
                assertThat(other.generation()).isEqualTo(generationBefore);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aCommitWithAnOutdatedGenerationIsRejected(GroupProtocol protocol) throws Exception {
        // given a member whose generation (member epoch) moved on when a second member joined
        String topic = uniqueTopic("stale");
        broker.createTopic(topic, PARTITIONS, Map.of());
        String group = uniqueTopic("group");
        try (var a = GroupMember.join(broker, "a", topic, group, protocol)) {
            await("the first member has every partition", () -> a.assignment().size() == PARTITIONS);
            int firstGeneration = a.generation();
            try (var b = GroupMember.join(broker, "b", topic, group, protocol)) {
                await(
                        "both members are in a newer generation",
                        () -> a.generation() > firstGeneration
                                && b.generation() == a.generation()
                                && !b.assignment().isEmpty());
                TopicPartition owned = a.assignment().iterator().next();
                TopicPartition handedOver = b.assignment().iterator().next();

                // when the member's id commits a partition it handed over with the old generation, then one it
                // owns with the current one
                Errors stale = commit(group, a.memberId(), firstGeneration, handedOver);
                Errors current = commit(group, a.memberId(), a.generation(), owned);

                // then the old generation is refused as Kafka refuses it (KIP-1251 accepts an older member epoch
                // only for partitions owned since that epoch), the current one accepted
                assertThat(stale)
                        .isEqualTo(
                                protocol == GroupProtocol.CLASSIC
                                        ? Errors.ILLEGAL_GENERATION
                                        : Errors.STALE_MEMBER_EPOCH);
                assertThat(current).isEqualTo(Errors.NONE);
            }
        }
    }

    private static Errors commit(String group, String memberId, int generation, TopicPartition tp) throws Exception {
        var data = new OffsetCommitRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setGenerationIdOrMemberEpoch(generation)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(tp.topic())
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(tp.partition())
                                .setCommittedOffset(0)))));
        try (var client = new RawClient(broker.bootstrapServers())) {
            OffsetCommitResponse response =
                    client.send(OffsetCommitRequest.Builder.forTopicNames(data).build((short) 9));
            return Errors.forCode(
                    response.data().topics().get(0).partitions().get(0).errorCode());
        }
    }

    private static boolean stable(String group) {
        try (Admin admin = broker.admin()) {
            return admin.describeConsumerGroups(List.of(group))
                            .describedGroups()
                            .get(group)
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .groupState()
                    == GroupState.STABLE;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> consumed(GroupMember member, ChildGroupMember child) {
        List<String> all = new ArrayList<>(values(List.of(member)));
        all.addAll(child.values());
        return all;
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
