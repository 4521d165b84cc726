package io.runnel.broker.group;

import java.util.Map;

/** Creates the coordinator's internal topic on first use; the broker implements it through its controller. */
public interface InternalTopicCreator {

    /**
     * Requests creation of {@code topic} unless it exists. May return before the topic's partitions have leaders;
     * callers answer COORDINATOR_NOT_AVAILABLE meanwhile and clients retry.
     */
    void createIfAbsent(String topic, int numPartitions, short replicationFactor, Map<String, String> configs);
}
