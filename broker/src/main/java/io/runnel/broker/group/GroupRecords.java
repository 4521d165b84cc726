package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.classic.ClassicGroupMember;
import io.runnel.broker.group.records.CoordinatorRecordCodec;
import io.runnel.broker.group.records.GroupMetadataKey;
import io.runnel.broker.group.records.GroupMetadataValue;
import io.runnel.broker.group.records.OffsetCommitKey;
import io.runnel.broker.group.records.OffsetCommitValue;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Builds the {@code __consumer_offsets} records for offset commits and classic group state. */
final class GroupRecords {

    private GroupRecords() {}

    static SimpleRecord offsetCommit(long nowMs, String group, TopicPartition tp, OffsetCommitValue value) {
        return new SimpleRecord(
                nowMs,
                CoordinatorRecordCodec.encodeKey(new OffsetCommitKey(group, tp.topic(), tp.partition())),
                CoordinatorRecordCodec.encodeOffsetCommitValue(value));
    }

    static SimpleRecord offsetTombstone(long nowMs, String group, TopicPartition tp) {
        return new SimpleRecord(
                nowMs, CoordinatorRecordCodec.encodeKey(new OffsetCommitKey(group, tp.topic(), tp.partition())), null);
    }

    static SimpleRecord groupTombstone(long nowMs, String group) {
        return new SimpleRecord(nowMs, CoordinatorRecordCodec.encodeKey(new GroupMetadataKey(group)), null);
    }

    /** The group's metadata with {@code assignments} (member id to assignment bytes; absent means empty). */
    static SimpleRecord groupMetadata(long nowMs, ClassicGroup group, Map<String, byte[]> assignments) {
        List<GroupMetadataValue.MemberMetadata> members = new ArrayList<>();
        for (ClassicGroupMember m : group.members()) {
            members.add(new GroupMetadataValue.MemberMetadata(
                    m.memberId(),
                    m.groupInstanceId(),
                    m.clientId(),
                    m.clientHost(),
                    m.rebalanceTimeoutMs(),
                    m.sessionTimeoutMs(),
                    group.protocolName() == null ? new byte[0] : m.metadata(group.protocolName()),
                    assignments.getOrDefault(m.memberId(), new byte[0])));
        }
        GroupMetadataValue value = new GroupMetadataValue(
                group.protocolType(),
                group.generationId(),
                group.protocolName(),
                group.leaderId(),
                group.currentStateTimestamp(),
                members);
        return new SimpleRecord(
                nowMs,
                CoordinatorRecordCodec.encodeKey(new GroupMetadataKey(group.groupId())),
                CoordinatorRecordCodec.encodeGroupMetadataValue(value));
    }
}
