package io.runnel.broker.server;

import java.util.Optional;

import io.runnel.broker.config.Endpoint;
import io.runnel.broker.group.OffsetsTopic;
import io.runnel.broker.group.OffsetsTopicLeaders;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.metadata.MetadataView;
import io.runnel.broker.metadata.PartitionState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.network.ListenerName;

/**
 * Leaders of the {@code __consumer_offsets} partitions from the metadata view. A leader is only returned if it is a
 * live broker with an endpoint on the client's listener: a coordinator behind another listener is unreachable for
 * the client, and Kafka answers COORDINATOR_NOT_AVAILABLE then rather than an address the client cannot use.
 */
public final class MetadataOffsetsTopicLeaders implements OffsetsTopicLeaders {

    private final MetadataView view;

    public MetadataOffsetsTopicLeaders(MetadataView view) {
        this.view = view;
    }

    @Override
    public boolean offsetsTopicExists() {
        return view.current().topic(OffsetsTopic.NAME).isPresent();
    }

    @Override
    public Optional<Node> leader(int partition, ListenerName listener) {
        ClusterMetadata metadata = view.current();
        return metadata.partitionState(new TopicPartition(OffsetsTopic.NAME, partition))
                .filter(PartitionState::hasLeader)
                .flatMap(state -> metadata.broker(state.leader()))
                .flatMap(broker -> node(broker, listener));
    }

    private static Optional<Node> node(LiveBroker broker, ListenerName listener) {
        return broker.endpoints().stream()
                .filter(endpoint -> endpoint.listenerName().equals(listener.value()))
                .findFirst()
                .map(endpoint -> toNode(broker, endpoint));
    }

    private static Node toNode(LiveBroker broker, Endpoint endpoint) {
        return new Node(
                broker.id(), endpoint.host(), endpoint.port(), broker.rack().orElse(null));
    }
}
