package io.runnel.broker.api.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.Endpoint;
import io.runnel.broker.controller.CreateTopicResult;
import io.runnel.broker.controller.NewTopic;
import io.runnel.broker.controller.TopicCommands;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.metadata.MetadataView;
import io.runnel.broker.metadata.PartitionState;
import io.runnel.broker.metadata.TopicAssignment;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Metadata, versions 0 to 13: brokers (the endpoint of the listener the client came through), cluster id,
 * controller, and topics with ids, leaders, leader epochs, replicas, ISR and offline replicas.
 *
 * <p>Requested topics that do not exist are created when the broker has {@code auto.create.topics.enable} and
 * the request allows it (v4+; always for older versions), with the broker's {@code num.partitions} and
 * {@code default.replication.factor}; as in Kafka the response then says LEADER_NOT_AVAILABLE and the client
 * retries. A topic whose partitions have no state yet (the controller has not elected leaders) is also
 * LEADER_NOT_AVAILABLE.
 */
public final class MetadataHandler implements ApiHandler {

    private static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    private final MetadataView view;
    private final TopicCommands topics;
    private final BrokerConfig config;

    /** @param config the static config: auto-creation and its defaults are read-only configs */
    public MetadataHandler(MetadataView view, TopicCommands topics, BrokerConfig config) {
        this.view = view;
        this.topics = topics;
        this.config = config;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        MetadataRequest body = request.bodyAs(MetadataRequest.class);
        ClusterMetadata metadata = view.current();
        String listener = request.context().listenerName.value();
        List<MetadataResponseTopic> known = new ArrayList<>();
        List<String> toCreate = new ArrayList<>();
        if (body.isAllTopics()) {
            metadata.topics().values().stream()
                    .sorted(java.util.Comparator.comparing(TopicAssignment::name))
                    .forEach(topic -> known.add(describe(metadata, topic)));
        } else {
            for (MetadataRequestTopic requested : body.data().topics()) {
                // Clients looking a topic up by id (v12+) send no name, which the wire may carry as "".
                boolean byId = requested.topicId() != null && !Uuid.ZERO_UUID.equals(requested.topicId());
                if (byId && (requested.name() == null || requested.name().isEmpty())) {
                    known.add(byId(metadata, requested.topicId()));
                    continue;
                }
                TopicAssignment topic = metadata.topics().get(requested.name());
                if (topic != null) {
                    known.add(describe(metadata, topic));
                } else if (config.autoCreateTopicsEnable()
                        && body.allowAutoTopicCreation()
                        && !Topic.isInternal(requested.name())) {
                    toCreate.add(requested.name());
                } else {
                    known.add(error(requested.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION));
                }
            }
        }
        return autoCreate(toCreate).thenApply(created -> {
            List<MetadataResponseTopic> all = new ArrayList<>(known);
            all.addAll(created);
            return response(request, metadata, listener, all);
        });
    }

    private CompletableFuture<List<MetadataResponseTopic>> autoCreate(List<String> names) {
        if (names.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Map<String, MetadataResponseTopic> results = new LinkedHashMap<>();
        List<NewTopic> valid = new ArrayList<>();
        for (String name : names) {
            if (Topic.isValid(name)) {
                valid.add(new NewTopic(name, NewTopic.DEFAULT, (short) NewTopic.DEFAULT, Map.of(), Map.of()));
            } else {
                results.put(name, error(name, Errors.INVALID_TOPIC_EXCEPTION));
            }
        }
        if (valid.isEmpty()) {
            return CompletableFuture.completedFuture(new ArrayList<>(results.values()));
        }
        return topics.createTopics(valid, false).handle((created, failure) -> {
            if (failure != null) {
                // No controller reachable (e.g. this broker is not the controller and forwarding is not wired).
                valid.forEach(t -> results.put(t.name(), error(t.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION)));
            } else {
                for (CreateTopicResult result : created) {
                    Errors error = result.error().error();
                    Errors reported = error == Errors.NONE || error == Errors.TOPIC_ALREADY_EXISTS
                            ? Errors.LEADER_NOT_AVAILABLE
                            : error;
                    results.put(result.name(), error(result.name(), reported).setTopicId(result.topicId()));
                }
            }
            return new ArrayList<>(results.values());
        });
    }

    private static MetadataResponseTopic byId(ClusterMetadata metadata, Uuid topicId) {
        return metadata.topic(topicId)
                .map(topic -> describe(metadata, topic))
                .orElseGet(() -> new MetadataResponseTopic()
                        .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                        .setTopicId(topicId)
                        .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED));
    }

    private static MetadataResponseTopic error(String name, Errors error) {
        return new MetadataResponseTopic()
                .setName(name)
                .setErrorCode(error.code())
                .setIsInternal(Topic.isInternal(name))
                .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
    }

    private static MetadataResponseTopic describe(ClusterMetadata metadata, TopicAssignment topic) {
        List<MetadataResponsePartition> partitions = new ArrayList<>();
        boolean anyState = false;
        for (var entry : topic.replicas().entrySet()) {
            List<Integer> replicas = entry.getValue();
            PartitionState state = metadata.partitionStates().get(new TopicPartition(topic.name(), entry.getKey()));
            anyState |= state != null;
            List<Integer> offline = replicas.stream()
                    .filter(r -> !metadata.brokers().containsKey(r))
                    .toList();
            MetadataResponsePartition partition = new MetadataResponsePartition()
                    .setPartitionIndex(entry.getKey())
                    .setReplicaNodes(replicas)
                    .setOfflineReplicas(offline);
            if (state == null || !state.hasLeader() || !metadata.brokers().containsKey(state.leader())) {
                partition
                        .setErrorCode(Errors.LEADER_NOT_AVAILABLE.code())
                        .setLeaderId(PartitionState.NO_LEADER)
                        .setLeaderEpoch(state == null ? -1 : state.leaderEpoch())
                        .setIsrNodes(state == null ? List.of() : state.isr());
            } else {
                partition
                        .setErrorCode(Errors.NONE.code())
                        .setLeaderId(state.leader())
                        .setLeaderEpoch(state.leaderEpoch())
                        .setIsrNodes(state.isr());
            }
            partitions.add(partition);
        }
        MetadataResponseTopic result = new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.topicId())
                .setIsInternal(Topic.isInternal(topic.name()))
                .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        if (!anyState) {
            // Just created: Kafka has no partition metadata for it yet.
            return result.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
        }
        return result.setErrorCode(Errors.NONE.code()).setPartitions(partitions);
    }

    private static AbstractResponse response(
            ApiRequest request, ClusterMetadata metadata, String listener, List<MetadataResponseTopic> topics) {
        MetadataResponseData data = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(metadata.clusterId())
                .setControllerId(metadata.controllerId())
                .setClusterAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        for (LiveBroker broker : metadata.brokers().values().stream()
                .sorted(java.util.Comparator.comparingInt(LiveBroker::id))
                .toList()) {
            Endpoint endpoint = broker.endpoint(listener);
            data.brokers()
                    .add(new MetadataResponseBroker()
                            .setNodeId(broker.id())
                            .setHost(endpoint.host())
                            .setPort(endpoint.port())
                            .setRack(broker.rack().orElse(null)));
        }
        topics.forEach(data.topics()::add);
        return new MetadataResponse(data, request.apiVersion());
    }
}
