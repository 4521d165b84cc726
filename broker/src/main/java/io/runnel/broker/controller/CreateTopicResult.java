package io.runnel.broker.controller;

import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.requests.ApiError;

/**
 * Outcome of creating (or validating) one topic. On success it carries what CreateTopics v5+ returns: the
 * topic id (v7), the resolved partition count and replication factor, and the topic's config overrides.
 */
public record CreateTopicResult(
        String name,
        ApiError error,
        Uuid topicId,
        int numPartitions,
        int replicationFactor,
        Map<String, String> configs) {

    public static CreateTopicResult failed(String name, ApiError error) {
        return new CreateTopicResult(name, error, Uuid.ZERO_UUID, -1, -1, Map.of());
    }
}
