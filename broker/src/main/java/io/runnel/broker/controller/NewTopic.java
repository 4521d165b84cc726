package io.runnel.broker.controller;

import java.util.List;
import java.util.Map;

/**
 * A topic to create, as CreateTopics describes it.
 *
 * @param numPartitions {@link #DEFAULT} for the controller broker's {@code num.partitions}; ignored when
 *     {@code replicaAssignment} is given
 * @param replicationFactor {@link #DEFAULT} for {@code default.replication.factor}
 * @param replicaAssignment explicit replicas per partition (partitions 0..n-1), empty for automatic placement
 * @param configs topic config overrides; a null value is rejected as INVALID_CONFIG, as Kafka does
 */
public record NewTopic(
        String name,
        int numPartitions,
        short replicationFactor,
        Map<Integer, List<Integer>> replicaAssignment,
        Map<String, String> configs) {

    public static final int DEFAULT = -1;

    public static NewTopic of(String name, int numPartitions, int replicationFactor) {
        return new NewTopic(name, numPartitions, (short) replicationFactor, Map.of(), Map.of());
    }

    public NewTopic withConfigs(Map<String, String> configs) {
        return new NewTopic(name, numPartitions, replicationFactor, replicaAssignment, configs);
    }
}
