package io.runnel.broker.controller;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.requests.ApiError;

/**
 * Write side of dynamic configs: topic overrides in {@code /config/topics/<topic>} and dynamic broker configs in
 * {@code /config/brokers/<id>} or {@code /config/brokers/<default>}. As in Kafka's ZooKeeper mode, any broker
 * writes them (read-modify-write with a conditional set) followed by a change notification; every broker's
 * metadata view picks the change up and its {@code LocalReplicaListener} applies it live.
 *
 * <p>Blocking: call from a request-handler thread. Errors: UNKNOWN_TOPIC_OR_PARTITION, INVALID_CONFIG,
 * INVALID_REQUEST (duplicate keys, another broker's id), POLICY_VIOLATION, INVALID_TOPIC_EXCEPTION.
 */
public interface ConfigCommands {

    /** AlterConfigs: the resource's overrides become exactly {@code configs}. */
    ApiError replaceConfigs(ConfigResource resource, Map<String, String> configs, boolean validateOnly);

    /** IncrementalAlterConfigs: applies {@code operations} to the resource's current overrides. */
    ApiError alterConfigs(ConfigResource resource, List<ConfigOperation> operations, boolean validateOnly);
}
