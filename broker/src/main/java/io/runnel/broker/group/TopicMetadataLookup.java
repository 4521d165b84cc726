package io.runnel.broker.group;

import java.util.Optional;
import java.util.OptionalInt;

import org.apache.kafka.common.Uuid;

/** Topic metadata the KIP-848 assignors and topic-id requests need; the broker implements it over its cache. */
public interface TopicMetadataLookup {

    /** Number of partitions of {@code topic}, empty if the topic does not exist. */
    OptionalInt partitionCount(String topic);

    Optional<Uuid> topicId(String topic);

    Optional<String> topicName(Uuid topicId);
}
