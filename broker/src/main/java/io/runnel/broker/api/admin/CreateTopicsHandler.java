package io.runnel.broker.api.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.config.DynamicBrokerConfig;
import io.runnel.broker.controller.CreateTopicResult;
import io.runnel.broker.controller.NewTopic;
import io.runnel.broker.controller.TopicCommands;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.MetadataView;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;

/**
 * CreateTopics, versions 2 to 7. Topics named twice in one request fail with INVALID_REQUEST, the others are
 * created (or validated) by the controller. Like Kafka, a successful creation is answered once this broker's
 * metadata shows the topic's leaders, or when the request's timeout runs out, whichever is first; v5+ responses
 * carry the partition count, replication factor and the topic's full config, v7 the topic id.
 */
public final class CreateTopicsHandler implements ApiHandler {

    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final MetadataView view;
    private final TopicCommands topics;
    private final ConfigDescriber configs;

    public CreateTopicsHandler(MetadataView view, TopicCommands topics, DynamicBrokerConfig brokerConfig) {
        this.view = view;
        this.topics = topics;
        this.configs = new ConfigDescriber(brokerConfig);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        CreateTopicsRequest body = request.bodyAs(CreateTopicsRequest.class);
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatableTopic topic : body.data().topics()) {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        List<NewTopic> valid = new ArrayList<>();
        for (CreatableTopic topic : body.data().topics()) {
            if (!duplicates.contains(topic.name())) {
                valid.add(toNewTopic(topic));
            }
        }
        boolean validateOnly = body.data().validateOnly();
        CompletableFuture<List<CreateTopicResult>> created = valid.isEmpty()
                ? CompletableFuture.completedFuture(List.of())
                : topics.createTopics(valid, validateOnly);
        return created.thenCompose(results ->
                        awaitLeaders(results, validateOnly, body.data().timeoutMs()))
                .thenApply(results -> {
                    CreateTopicsResponseData data = new CreateTopicsResponseData().setThrottleTimeMs(0);
                    for (String name : duplicates) {
                        data.topics()
                                .add(new CreatableTopicResult()
                                        .setName(name)
                                        .setErrorCode(Errors.INVALID_REQUEST.code())
                                        .setErrorMessage("Create topics request from client contains multiple "
                                                + "entries for the topic " + name)
                                        .setNumPartitions(-1)
                                        .setReplicationFactor((short) -1)
                                        .setConfigs(null));
                    }
                    for (CreateTopicResult result : results) {
                        data.topics().add(toResult(result));
                    }
                    return new CreateTopicsResponse(data);
                });
    }

    private static NewTopic toNewTopic(CreatableTopic topic) {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (CreatableReplicaAssignment a : topic.assignments()) {
            assignment.put(a.partitionIndex(), List.copyOf(a.brokerIds()));
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (CreatableTopicConfig config : topic.configs()) {
            configs.put(config.name(), config.value());
        }
        return new NewTopic(topic.name(), topic.numPartitions(), topic.replicationFactor(), assignment, configs);
    }

    private CompletableFuture<List<CreateTopicResult>> awaitLeaders(
            List<CreateTopicResult> results, boolean validateOnly, int timeoutMs) {
        List<CreateTopicResult> created =
                results.stream().filter(r -> r.error().isSuccess()).toList();
        if (validateOnly || created.isEmpty() || timeoutMs <= 0) {
            return CompletableFuture.completedFuture(results);
        }
        long waitMs = Math.min(timeoutMs, MAX_WAIT.toMillis());
        return view.awaitUntil(m -> created.stream().allMatch(r -> hasAllStates(m, r)))
                .orTimeout(waitMs, TimeUnit.MILLISECONDS)
                .handle((ignored, timeout) -> results);
    }

    private static boolean hasAllStates(ClusterMetadata metadata, CreateTopicResult result) {
        for (int p = 0; p < result.numPartitions(); p++) {
            if (!metadata.partitionStates().containsKey(new TopicPartition(result.name(), p))) {
                return false;
            }
        }
        return true;
    }

    private CreatableTopicResult toResult(CreateTopicResult result) {
        ApiError error = result.error();
        CreatableTopicResult topic = new CreatableTopicResult()
                .setName(result.name())
                .setTopicId(result.topicId())
                .setErrorCode(error.error().code())
                .setErrorMessage(error.isFailure() ? error.messageWithFallback() : null);
        if (error.isFailure()) {
            return topic.setNumPartitions(-1).setReplicationFactor((short) -1).setConfigs(null);
        }
        topic.setNumPartitions(result.numPartitions()).setReplicationFactor((short) result.replicationFactor());
        for (ConfigDescriber.Entry entry : configs.describeTopic(result.configs(), null)) {
            topic.configs()
                    .add(new CreatableTopicConfigs()
                            .setName(entry.name())
                            .setValue(entry.value())
                            .setReadOnly(entry.readOnly())
                            .setConfigSource(entry.source().id())
                            .setIsSensitive(false));
        }
        return topic;
    }
}
