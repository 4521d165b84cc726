package io.runnel.broker.metadata;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.kafka.common.Uuid;

/**
 * A topic's identity and replica assignment: for each partition the ordered replica list, whose first entry is
 * the preferred leader.
 */
public record TopicAssignment(String name, Uuid topicId, SortedMap<Integer, List<Integer>> replicas) {

    public TopicAssignment {
        TreeMap<Integer, List<Integer>> copy = new TreeMap<>();
        replicas.forEach((p, r) -> copy.put(p, List.copyOf(r)));
        replicas = Collections.unmodifiableSortedMap(copy);
    }

    public static TopicAssignment of(String name, Uuid topicId, Map<Integer, List<Integer>> replicas) {
        return new TopicAssignment(name, topicId, new TreeMap<>(replicas));
    }

    public int partitionCount() {
        return replicas.size();
    }

    /** Replication factor of partition 0 (Kafka keeps it uniform across partitions). */
    public int replicationFactor() {
        return replicas.isEmpty() ? 0 : replicas.get(replicas.firstKey()).size();
    }
}
