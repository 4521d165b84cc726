package io.runnel.broker.group;

import java.util.Optional;

import org.apache.kafka.common.Node;
import org.apache.kafka.common.network.ListenerName;

/** The broker's view of who leads each {@code __consumer_offsets} partition, from its metadata cache. */
public interface OffsetsTopicLeaders {

    /** Whether the offsets topic exists in the cluster metadata. */
    boolean offsetsTopicExists();

    /**
     * The leader of {@code __consumer_offsets} partition {@code partition} as reachable on {@code listener}, empty
     * if the partition has no live leader (or the leader has no such listener).
     */
    Optional<Node> leader(int partition, ListenerName listener);
}
