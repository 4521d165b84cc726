package io.runnel.broker.group;

import java.util.Map;

/** The internal topic that stores group metadata and committed offsets, and how groups map onto it. */
public final class OffsetsTopic {

    public static final String NAME = "__consumer_offsets";

    /** Configs Kafka creates the topic with: compacted, so only each key's latest value is kept. */
    public static final Map<String, String> TOPIC_CONFIGS = Map.of(
            "cleanup.policy", "compact",
            "compression.type", "producer",
            "segment.bytes", "104857600");

    private OffsetsTopic() {}

    /**
     * The offsets partition of a group: {@code abs(groupId.hashCode()) % numPartitions} with Kafka's
     * {@code Utils.abs} ({@code & 0x7fffffff}), so that {@code Integer.MIN_VALUE} maps to 0 rather than staying
     * negative, and every Kafka client tool computes the same partition.
     */
    public static int partitionFor(String groupId, int numPartitions) {
        return (groupId.hashCode() & 0x7fffffff) % numPartitions;
    }
}
