package io.runnel.broker.group;

import java.util.List;

/**
 * The broker settings the group coordinator obeys, named after Kafka's configs.
 *
 * @param offsetsTopicNumPartitions {@code offsets.topic.num.partitions}
 * @param offsetsTopicReplicationFactor {@code offsets.topic.replication.factor}
 * @param offsetsRetentionMs {@code offsets.retention.minutes} in ms: how long an empty group's offsets live
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms}
 * @param offsetMetadataMaxBytes {@code offset.metadata.max.bytes}
 * @param groupMinSessionTimeoutMs {@code group.min.session.timeout.ms}
 * @param groupMaxSessionTimeoutMs {@code group.max.session.timeout.ms}
 * @param groupInitialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}
 * @param groupMaxSize {@code group.max.size} (classic groups)
 * @param consumerGroupSessionTimeoutMs {@code group.consumer.session.timeout.ms} (KIP-848 groups)
 * @param consumerGroupHeartbeatIntervalMs {@code group.consumer.heartbeat.interval.ms}
 * @param consumerGroupMaxSize {@code group.consumer.max.size}
 * @param consumerGroupAssignors {@code group.consumer.assignors}: server assignor names, the first is the default
 */
public record GroupCoordinatorConfig(
        int offsetsTopicNumPartitions,
        short offsetsTopicReplicationFactor,
        long offsetsRetentionMs,
        long offsetsRetentionCheckIntervalMs,
        int offsetMetadataMaxBytes,
        int groupMinSessionTimeoutMs,
        int groupMaxSessionTimeoutMs,
        int groupInitialRebalanceDelayMs,
        int groupMaxSize,
        int consumerGroupSessionTimeoutMs,
        int consumerGroupHeartbeatIntervalMs,
        int consumerGroupMaxSize,
        List<String> consumerGroupAssignors) {

    public GroupCoordinatorConfig {
        if (offsetsTopicNumPartitions <= 0) {
            throw new IllegalArgumentException("offsets.topic.num.partitions must be positive");
        }
        if (consumerGroupAssignors.isEmpty()) {
            throw new IllegalArgumentException("group.consumer.assignors must name at least one assignor");
        }
        consumerGroupAssignors = List.copyOf(consumerGroupAssignors);
    }

    /** Kafka's defaults. */
    public static GroupCoordinatorConfig defaults() {
        return new GroupCoordinatorConfig(
                50,
                (short) 3,
                10080L * 60 * 1000,
                600_000L,
                4096,
                6_000,
                1_800_000,
                3_000,
                Integer.MAX_VALUE,
                45_000,
                5_000,
                Integer.MAX_VALUE,
                List.of("uniform", "range"));
    }

    public GroupCoordinatorConfig withOffsetsTopicNumPartitions(int n) {
        return new GroupCoordinatorConfig(
                n,
                offsetsTopicReplicationFactor,
                offsetsRetentionMs,
                offsetsRetentionCheckIntervalMs,
                offsetMetadataMaxBytes,
                groupMinSessionTimeoutMs,
                groupMaxSessionTimeoutMs,
                groupInitialRebalanceDelayMs,
                groupMaxSize,
                consumerGroupSessionTimeoutMs,
                consumerGroupHeartbeatIntervalMs,
                consumerGroupMaxSize,
                consumerGroupAssignors);
    }

    public GroupCoordinatorConfig withGroupInitialRebalanceDelayMs(int ms) {
        return new GroupCoordinatorConfig(
                offsetsTopicNumPartitions,
                offsetsTopicReplicationFactor,
                offsetsRetentionMs,
                offsetsRetentionCheckIntervalMs,
                offsetMetadataMaxBytes,
                groupMinSessionTimeoutMs,
                groupMaxSessionTimeoutMs,
                ms,
                groupMaxSize,
                consumerGroupSessionTimeoutMs,
                consumerGroupHeartbeatIntervalMs,
                consumerGroupMaxSize,
                consumerGroupAssignors);
    }

    public GroupCoordinatorConfig withGroupMaxSize(int max) {
        return new GroupCoordinatorConfig(
                offsetsTopicNumPartitions,
                offsetsTopicReplicationFactor,
                offsetsRetentionMs,
                offsetsRetentionCheckIntervalMs,
                offsetMetadataMaxBytes,
                groupMinSessionTimeoutMs,
                groupMaxSessionTimeoutMs,
                groupInitialRebalanceDelayMs,
                max,
                consumerGroupSessionTimeoutMs,
                consumerGroupHeartbeatIntervalMs,
                consumerGroupMaxSize,
                consumerGroupAssignors);
    }
}
