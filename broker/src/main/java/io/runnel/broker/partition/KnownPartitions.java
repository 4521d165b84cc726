package io.runnel.broker.partition;

import org.apache.kafka.common.TopicPartition;

/**
 * The cluster metadata's answer to "does this partition exist anywhere?", which decides between Kafka's
 * NOT_LEADER_OR_FOLLOWER (it exists, led elsewhere: the client refreshes metadata and retries) and
 * UNKNOWN_TOPIC_OR_PARTITION for a partition this broker does not host.
 */
@FunctionalInterface
public interface KnownPartitions {

    boolean exists(TopicPartition tp);
}
