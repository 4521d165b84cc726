package io.runnel.broker.metadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * An immutable, internally consistent picture of the cluster metadata at one moment. Handlers take one snapshot
 * per request so a response never mixes two versions of the metadata.
 *
 * @param clusterId the id in {@code /cluster/id}, null before the first broker created it
 * @param controllerId broker id in {@code /controller}, -1 while no controller is elected
 * @param brokers registered brokers by id
 * @param topics topics by name
 * @param partitionStates leader and ISR of every partition that has a state znode
 * @param topicConfigs per-topic config overrides ({@code /config/topics}), only for topics that have some
 * @param brokerConfigs dynamic broker configs ({@code /config/brokers}) by entity: broker id or
 *     {@link ConfigEntity#DEFAULT_BROKER}
 * @param topicsPendingDeletion topics marked in {@code /admin/delete_topics} and not yet deleted
 */
public record ClusterMetadata(
        String clusterId,
        int controllerId,
        Map<Integer, LiveBroker> brokers,
        Map<String, TopicAssignment> topics,
        Map<TopicPartition, PartitionState> partitionStates,
        Map<String, Map<String, String>> topicConfigs,
        Map<String, Map<String, String>> brokerConfigs,
        Set<String> topicsPendingDeletion) {

    public static final ClusterMetadata EMPTY =
            new ClusterMetadata(null, -1, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of());

    public ClusterMetadata {
        brokers = Map.copyOf(brokers);
        topics = Map.copyOf(topics);
        partitionStates = Map.copyOf(partitionStates);
        topicConfigs = Map.copyOf(topicConfigs);
        brokerConfigs = Map.copyOf(brokerConfigs);
        topicsPendingDeletion = Set.copyOf(topicsPendingDeletion);
    }

    public Optional<TopicAssignment> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    public Optional<TopicAssignment> topic(Uuid topicId) {
        return topics.values().stream().filter(t -> t.topicId().equals(topicId)).findFirst();
    }

    public Optional<PartitionState> partitionState(TopicPartition partition) {
        return Optional.ofNullable(partitionStates.get(partition));
    }

    public Optional<LiveBroker> broker(int id) {
        return Optional.ofNullable(brokers.get(id));
    }

    public Map<String, String> topicConfig(String topic) {
        return topicConfigs.getOrDefault(topic, Map.of());
    }

    /** Dynamic configs set for exactly this entity (a broker id, or {@link ConfigEntity#DEFAULT_BROKER}). */
    public Map<String, String> brokerConfig(String entity) {
        return brokerConfigs.getOrDefault(entity, Map.of());
    }

    /** Dynamic configs in effect on a broker: the cluster default overridden by the per-broker ones. */
    public Map<String, String> effectiveDynamicBrokerConfig(int brokerId) {
        Map<String, String> merged = new HashMap<>(brokerConfig(ConfigEntity.DEFAULT_BROKER));
        merged.putAll(brokerConfig(Integer.toString(brokerId)));
        return Map.copyOf(merged);
    }

    /** Replicas of a partition, empty when the topic or partition does not exist. */
    public List<Integer> replicas(TopicPartition partition) {
        TopicAssignment topic = topics.get(partition.topic());
        if (topic == null) {
            return List.of();
        }
        return topic.replicas().getOrDefault(partition.partition(), List.of());
    }
}
