package io.runnel.broker.e2e;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.runnel.broker.e2e.GroupMember.await;
import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Admin client's consumer-group operations against groups of both protocols, as on Kafka. */
class GroupAdminTest {

    private static final int PARTITIONS = 4;
    private static final int RECORDS_PER_PARTITION = 5;

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void listsAndDescribesAnActiveGroup(GroupProtocol protocol) throws Exception {
        // given a stable group of two members that consumed a topic
        String topic = topicWithRecords();
        String group = uniqueTopic("group");
        try (var a = GroupMember.join(broker, "a", topic, group, protocol);
                var b = GroupMember.join(broker, "b", topic, group, protocol);
                Admin admin = broker.admin()) {
            await(
                    "both members have partitions",
                    () -> !a.assignment().isEmpty() && !b.assignment().isEmpty());
            await("the group is stable", () -> describe(admin, group).groupState() == GroupState.STABLE);

            // when listing and describing it
            ConsumerGroupListing listing =
                    admin.listConsumerGroups().all().get(timeoutMs(), TimeUnit.MILLISECONDS).stream()
                            .filter(g -> g.groupId().equals(group))
                            .findFirst()
                            .orElseThrow();
            ConsumerGroupDescription description = describe(admin, group);

            // then it is listed as a stable group of its protocol's type, with both members and all partitions
            assertThat(listing.groupState()).contains(GroupState.STABLE);
            GroupType type = protocol == GroupProtocol.CLASSIC ? GroupType.CLASSIC : GroupType.CONSUMER;
            assertThat(listing.type()).contains(type);
            assertThat(description.type()).isEqualTo(type);
            assertThat(description.isSimpleConsumerGroup()).isFalse();
            assertThat(description.members()).hasSize(2);
            Set<TopicPartition> assigned = new HashSet<>();
            for (MemberDescription member : description.members()) {
                assigned.addAll(member.assignment().topicPartitions());
            }
            assertThat(assigned).hasSize(PARTITIONS);
            assertThat(description.coordinator().id()).isEqualTo(0);
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void listsTheCommittedOffsetsOfAGroup(GroupProtocol protocol) throws Exception {
        // given a group that consumed and committed every record
        String topic = topicWithRecords();
        String group = uniqueTopic("group");
        try (var member = GroupMember.join(broker, "member", topic, group, protocol)) {
            await("every record is consumed", () -> member.records().size() >= PARTITIONS * RECORDS_PER_PARTITION);
        }

        // when listing its offsets
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = offsets(admin, group);

            // then each partition's committed offset is its end offset
            assertThat(offsets).hasSize(PARTITIONS);
            offsets.values().forEach(o -> assertThat(o.offset()).isEqualTo(RECORDS_PER_PARTITION));
            // and the group, now empty, is listed as such
            assertThat(describe(admin, group).groupState()).isEqualTo(GroupState.EMPTY);
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void deletingANonEmptyGroupFailsAndAnEmptyOneSucceeds(GroupProtocol protocol) throws Exception {
        String topic = topicWithRecords();
        String group = uniqueTopic("group");
        try (Admin admin = broker.admin()) {
            // given an active group
            var member = GroupMember.join(broker, "member", topic, group, protocol);
            await("every record is consumed", () -> member.records().size() >= PARTITIONS * RECORDS_PER_PARTITION);

            // when it is deleted while it has a member, then that fails
            assertThatThrownBy(() ->
                            admin.deleteConsumerGroups(List.of(group)).all().get(timeoutMs(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(GroupNotEmptyException.class);

            // and once the member left, deleting it removes the group and its offsets
            member.close();
            admin.deleteConsumerGroups(List.of(group)).all().get(timeoutMs(), TimeUnit.MILLISECONDS);
            assertThat(groupIds(admin)).doesNotContain(group);
            assertThat(offsets(admin, group)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void alteredOffsetsAreWhereTheGroupResumes(GroupProtocol protocol) throws Exception {
        // given an empty group that consumed everything
        String topic = topicWithRecords();
        String group = uniqueTopic("group");
        try (var member = GroupMember.join(broker, "member", topic, group, protocol)) {
            await("every record is consumed", () -> member.records().size() >= PARTITIONS * RECORDS_PER_PARTITION);
        }

        // when an admin rewinds partition 0 to offset 2
        TopicPartition rewound = new TopicPartition(topic, 0);
        try (Admin admin = broker.admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(rewound, new OffsetAndMetadata(2)))
                    .all()
                    .get(timeoutMs(), TimeUnit.MILLISECONDS);
            assertThat(offsets(admin, group).get(rewound).offset()).isEqualTo(2);
        }

        // then the next member of the group reads partition 0 from offset 2, and nothing else
        int expected = RECORDS_PER_PARTITION - 2;
        try (var member = GroupMember.join(broker, "resumed", topic, group, protocol)) {
            await("the rewound records are consumed", () -> member.records().size() >= expected);
            assertThat(member.records())
                    .extracting(r -> new TopicPartition(r.topic(), r.partition()) + "@" + r.offset())
                    .containsExactlyInAnyOrder(rewound + "@2", rewound + "@3", rewound + "@4");
        }
    }

    private static String topicWithRecords() throws Exception {
        String topic = uniqueTopic("admin-groups");
        broker.createTopic(topic, PARTITIONS, Map.of());
        try (var producer = broker.producer(Map.of())) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("" + p + "-" + i).getBytes()));
                }
            }
            producer.flush();
        }
        return topic;
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("describing " + group + " failed", e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(timeoutMs(), TimeUnit.MILLISECONDS);
    }

    private static Set<String> groupIds(Admin admin) throws Exception {
        return admin.listConsumerGroups().all().get(timeoutMs(), TimeUnit.MILLISECONDS).stream()
                .map(ConsumerGroupListing::groupId)
                .collect(Collectors.toSet());
    }

    private static long timeoutMs() {
        return TIMEOUT.toMillis();
    }
}
