package io.runnel.broker.controller;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.requests.ApiError;

/**
 * Write side of topic metadata, executed by the active controller (the single writer of topic and partition
 * state). Results carry per-topic Kafka errors; the future fails only when the command could not be executed
 * at all (NOT_CONTROLLER, ZooKeeper unavailable).
 */
public interface TopicCommands {

    /**
     * Creates topics, or only validates them when {@code validateOnly}. Errors: INVALID_TOPIC_EXCEPTION,
     * TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_REPLICA_ASSIGNMENT,
     * INVALID_CONFIG, INVALID_REQUEST, POLICY_VIOLATION.
     */
    CompletableFuture<List<CreateTopicResult>> createTopics(List<NewTopic> topics, boolean validateOnly);

    /**
     * Deletes topics through {@code /admin/delete_topics}; completes once each topic's znodes are gone.
     * Errors: UNKNOWN_TOPIC_OR_PARTITION.
     */
    CompletableFuture<Map<String, ApiError>> deleteTopics(Collection<String> topics);

    /**
     * Adds partitions (never removes). Errors: UNKNOWN_TOPIC_OR_PARTITION, INVALID_PARTITIONS,
     * INVALID_REPLICA_ASSIGNMENT, INVALID_REPLICATION_FACTOR, INVALID_TOPIC_EXCEPTION (queued for deletion).
     */
    CompletableFuture<Map<String, ApiError>> createPartitions(List<NewPartitions> requests, boolean validateOnly);
}
