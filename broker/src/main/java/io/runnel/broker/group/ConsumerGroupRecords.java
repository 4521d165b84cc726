package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.runnel.broker.group.consumer.Assignment;
import io.runnel.broker.group.consumer.ConsumerGroup;
import io.runnel.broker.group.consumer.ConsumerGroupMember;
import io.runnel.broker.group.records.ConsumerGroupCurrentMemberAssignmentValue;
import io.runnel.broker.group.records.ConsumerGroupKey;
import io.runnel.broker.group.records.ConsumerGroupKey.Kind;
import io.runnel.broker.group.records.ConsumerGroupMemberMetadataValue;
import io.runnel.broker.group.records.CoordinatorRecordCodec;
import io.runnel.broker.group.records.TopicPartitions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Builds the {@code __consumer_offsets} records of KIP-848 consumer groups, and turns their assignments back into
 * {@link Assignment}s on replay. As in Kafka, a member's removal tombstones its current assignment, target
 * assignment and metadata, in that order.
 */
final class ConsumerGroupRecords {

    private ConsumerGroupRecords() {}

    static SimpleRecord groupEpoch(long now, ConsumerGroup group) {
        return record(
                now,
                ConsumerGroupKey.group(Kind.GROUP_METADATA, group.groupId()),
                CoordinatorRecordCodec.encodeConsumerGroupEpoch(group.groupEpoch()));
    }

    static SimpleRecord memberMetadata(long now, ConsumerGroup group, ConsumerGroupMember m) {
        return record(
                now,
                ConsumerGroupKey.member(Kind.MEMBER_METADATA, group.groupId(), m.memberId()),
                CoordinatorRecordCodec.encodeMemberMetadata(new ConsumerGroupMemberMetadataValue(
                        m.instanceId(),
                        m.rackId(),
                        m.clientId() == null ? "" : m.clientId(),
                        m.clientHost() == null ? "" : m.clientHost(),
                        m.subscribedTopicNames(),
                        null,
                        m.rebalanceTimeoutMs(),
                        m.serverAssignor())));
    }

    static List<SimpleRecord> targetAssignment(long now, ConsumerGroup group) {
        List<SimpleRecord> records = new ArrayList<>();
        for (ConsumerGroupMember m : group.members()) {
            records.add(record(
                    now,
                    ConsumerGroupKey.member(Kind.TARGET_ASSIGNMENT_MEMBER, group.groupId(), m.memberId()),
                    CoordinatorRecordCodec.encodeTargetAssignment(toRecord(group.targetAssignment(m.memberId())))));
        }
        records.add(record(
                now,
                ConsumerGroupKey.group(Kind.TARGET_ASSIGNMENT_METADATA, group.groupId()),
                CoordinatorRecordCodec.encodeTargetAssignmentEpoch(group.assignmentEpoch())));
        return records;
    }

    static SimpleRecord targetAssignmentOf(long now, ConsumerGroup group, String memberId) {
        return record(
                now,
                ConsumerGroupKey.member(Kind.TARGET_ASSIGNMENT_MEMBER, group.groupId(), memberId),
                CoordinatorRecordCodec.encodeTargetAssignment(toRecord(group.targetAssignment(memberId))));
    }

    static SimpleRecord currentAssignment(long now, ConsumerGroup group, ConsumerGroupMember m) {
        return record(
                now,
                ConsumerGroupKey.member(Kind.CURRENT_MEMBER_ASSIGNMENT, group.groupId(), m.memberId()),
                CoordinatorRecordCodec.encodeCurrentMemberAssignment(new ConsumerGroupCurrentMemberAssignmentValue(
                        m.memberEpoch(),
                        m.previousMemberEpoch(),
                        m.state().value(),
                        toRecord(m.assigned()),
                        toRecord(m.pendingRevocation()))));
    }

    static List<SimpleRecord> memberTombstones(long now, String groupId, String memberId) {
        return List.of(
                record(now, ConsumerGroupKey.member(Kind.CURRENT_MEMBER_ASSIGNMENT, groupId, memberId), null),
                record(now, ConsumerGroupKey.member(Kind.TARGET_ASSIGNMENT_MEMBER, groupId, memberId), null),
                record(now, ConsumerGroupKey.member(Kind.MEMBER_METADATA, groupId, memberId), null));
    }

    static List<SimpleRecord> groupTombstones(long now, String groupId) {
        return List.of(
                record(now, ConsumerGroupKey.group(Kind.TARGET_ASSIGNMENT_METADATA, groupId), null),
                record(now, ConsumerGroupKey.group(Kind.GROUP_METADATA, groupId), null));
    }

    static Assignment toAssignment(List<TopicPartitions> partitions) {
        Map<Uuid, Set<Integer>> result = new HashMap<>();
        partitions.forEach(
                tp -> result.computeIfAbsent(tp.topicId(), t -> new TreeSet<>()).addAll(tp.partitions()));
        return new Assignment(result);
    }

    private static List<TopicPartitions> toRecord(Assignment a) {
        List<TopicPartitions> result = new ArrayList<>();
        a.partitions().forEach((topic, ps) -> result.add(new TopicPartitions(topic, new ArrayList<>(ps))));
        return result;
    }

    private static SimpleRecord record(long now, ConsumerGroupKey key, byte[] value) {
        return new SimpleRecord(now, CoordinatorRecordCodec.encodeKey(key), value);
    }
}
