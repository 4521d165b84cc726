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
     * The offsets partition of a group: {@code Utils.abs(groupId.hashCode()) % numPartitions} exactly as Kafka
     * computes it, so groups land on the same partitions as on a Kafka cluster. Kafka's {@code Utils.abs} is
     * {@code Math.abs} except that {@code Integer.MIN_VALUE} maps to 0 (not {@code hashCode & 0x7fffffff}, which
     * gives a different partition for every other negative hash code).
     */
    public static int partitionFor(String groupId, int numPartitions) {
        int hash = groupId.hashCode();
        int abs = hash == Integer.MIN_VALUE ? 0 : Math.abs(hash);
        return abs % numPartitions;
    }
}
