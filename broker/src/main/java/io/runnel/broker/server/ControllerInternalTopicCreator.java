package io.runnel.broker.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.runnel.broker.controller.CreateTopicResult;
import io.runnel.broker.controller.NewTopic;
import io.runnel.broker.controller.TopicCommands;
import io.runnel.broker.group.InternalTopicCreator;
import io.runnel.broker.metadata.MetadataView;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates internal topics through the controller's topic commands, without waiting: the caller answers
 * COORDINATOR_NOT_AVAILABLE until the topic has leaders, and clients retry.
 *
 * <p>The replication factor is not lowered to the number of live brokers: as Kafka does, the creation fails (here:
 * INVALID_REPLICATION_FACTOR, logged) while fewer brokers are up, and coordinator lookups keep failing until enough
 * brokers are or {@code offsets.topic.replication.factor} is lowered. One creation per topic is in flight at a
 * time, so a burst of lookups does not become a burst of controller commands.
 */
public final class ControllerInternalTopicCreator implements InternalTopicCreator {

    private static final Logger log = LoggerFactory.getLogger(ControllerInternalTopicCreator.class);

    private final TopicCommands topics;
    private final MetadataView view;
    private final Map<String, Map<String, String>> brokerOverrides;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param brokerOverrides per internal topic, configs the broker config sets on top of those the coordinator
     *     asks for (Kafka's {@code offsets.topic.segment.bytes} is the {@code segment.bytes} of {@code
     *     __consumer_offsets})
     */
    public ControllerInternalTopicCreator(
            TopicCommands topics, MetadataView view, Map<String, Map<String, String>> brokerOverrides) {
        this.topics = topics;
        this.view = view;
        this.brokerOverrides = Map.copyOf(brokerOverrides);
    }

    @Override
    public void createIfAbsent(String topic, int numPartitions, short replicationFactor, Map<String, String> configs) {
        if (view.current().topic(topic).isPresent() || !inFlight.add(topic)) {
            return;
        }
        Map<String, String> topicConfigs = new HashMap<>(configs);
        topicConfigs.putAll(brokerOverrides.getOrDefault(topic, Map.of()));
        NewTopic request = new NewTopic(topic, numPartitions, replicationFactor, Map.of(), topicConfigs);
        topics.createTopics(List.of(request), false).whenComplete((results, failure) -> {
            inFlight.remove(topic);
            if (failure != null) {
                log.warn("Could not create internal topic {}: {}", topic, failure.toString());
                return;
            }
            for (CreateTopicResult result : results) {
                Errors error = result.error().error();
                if (error == Errors.NONE) {
                    log.info(
                            "Created internal topic {} with {} partitions, replication factor {}",
                            topic,
                            numPartitions,
                            replicationFactor);
                } else if (error != Errors.TOPIC_ALREADY_EXISTS) {
                    log.warn(
                            "Could not create internal topic {} (replication factor {}, {} live brokers): {}",
                            topic,
                            replicationFactor,
                            view.current().brokers().size(),
                            result.error().messageWithFallback());
                }
            }
        });
    }
}
