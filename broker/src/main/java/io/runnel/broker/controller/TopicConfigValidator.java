package io.runnel.broker.controller;

import java.util.Map;
import java.util.TreeSet;

import io.runnel.storage.LogConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;

/**
 * Checks topic config overrides against {@link LogConfig#CONFIG_DEF}: every name must be a topic config (Kafka's
 * "Unknown topic config name") and every value must parse and pass the definition's validator.
 */
public final class TopicConfigValidator {

    private TopicConfigValidator() {}

    /** @throws InvalidConfigurationException naming the offending config */
    public static void validate(Map<String, String> overrides) {
        TreeSet<String> unknown = new TreeSet<>(overrides.keySet());
        unknown.removeAll(LogConfig.names());
        if (!unknown.isEmpty()) {
            throw new InvalidConfigurationException("Unknown topic config name: " + String.join(", ", unknown));
        }
        for (var entry : overrides.entrySet()) {
            if (entry.getValue() == null) {
                throw new InvalidConfigurationException(
                        "Null value not supported for topic configs: " + entry.getKey());
            }
        }
        try {
            LogConfig.CONFIG_DEF.parse(overrides);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }
}
