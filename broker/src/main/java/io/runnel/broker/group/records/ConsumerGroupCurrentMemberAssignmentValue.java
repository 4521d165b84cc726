package io.runnel.broker.group.records;

import java.util.List;

/**
 * Where a KIP-848 member stands (record type 8): its epochs, reconciliation state (Kafka's MemberState byte:
 * 0 stable, 1 unrevoked partitions, 2 unreleased partitions) and the partitions it owns or must revoke.
 */
public record ConsumerGroupCurrentMemberAssignmentValue(
        int memberEpoch,
        int previousMemberEpoch,
        byte state,
        List<TopicPartitions> assignedPartitions,
        List<TopicPartitions> partitionsPendingRevocation) {

    public ConsumerGroupCurrentMemberAssignmentValue {
        assignedPartitions = List.copyOf(assignedPartitions);
        partitionsPendingRevocation = List.copyOf(partitionsPendingRevocation);
    }
}
