package io.runnel.broker.api.fetch;

import java.util.Optional;

import org.apache.kafka.common.TopicIdPartition;

/**
 * One partition to read in a Fetch. {@code partition.topic()} is empty when the request named a topic id the
 * metadata does not know.
 */
record PartitionFetch(
        TopicIdPartition partition,
        long fetchOffset,
        int maxBytes,
        Optional<Integer> currentLeaderEpoch,
        Optional<Integer> lastFetchedEpoch) {

    boolean topicResolved() {
        return !partition.topic().isEmpty();
    }
}
