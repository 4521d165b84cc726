package io.runnel.broker.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.runnel.broker.metadata.LocalReplicaListener;
import io.runnel.broker.metadata.PartitionState;
import org.apache.kafka.common.TopicIdPartition;

/** Records every listener call, in order, for assertions. */
public final class RecordingReplicaListener implements LocalReplicaListener {

    public sealed interface Event {}

    public record StateChanged(
            TopicIdPartition partition, List<Integer> replicas, PartitionState state, Map<String, String> config)
            implements Event {}

    public record Deleted(TopicIdPartition partition) implements Event {}

    public record TopicConfigChanged(String topic, Map<String, String> overrides) implements Event {}

    public record BrokerConfigChanged(Map<String, String> clusterDefaults, Map<String, String> perBroker)
            implements Event {}

    public final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void onPartitionStateChanged(
            TopicIdPartition partition, List<Integer> replicas, PartitionState state, Map<String, String> config) {
        events.add(new StateChanged(partition, replicas, state, config));
    }

    @Override
    public void onPartitionDeleted(TopicIdPartition partition) {
        events.add(new Deleted(partition));
    }

    @Override
    public void onTopicConfigChanged(String topic, Map<String, String> overrides) {
        events.add(new TopicConfigChanged(topic, overrides));
    }

    @Override
    public void onBrokerConfigChanged(Map<String, String> clusterDefaults, Map<String, String> perBroker) {
        events.add(new BrokerConfigChanged(clusterDefaults, perBroker));
    }

    public <T extends Event> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
