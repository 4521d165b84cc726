package io.runnel.broker.group.records;

import java.util.List;

import org.apache.kafka.common.Uuid;

/** Partitions of one topic, by topic id, as KIP-848 records store assignments. */
public record TopicPartitions(Uuid topicId, List<Integer> partitions) {

    public TopicPartitions {
        partitions = List.copyOf(partitions);
    }
}
