package io.runnel.broker.api.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.InternalTopicCreator;
import io.runnel.broker.group.OffsetsTopic;
import io.runnel.broker.group.OffsetsTopicLeaders;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * FindCoordinator v0-v6: a group's coordinator is the leader of its {@code __consumer_offsets} partition, on the
 * listener the request came in on. Any broker answers from its metadata. The first lookup creates the offsets
 * topic; until its partitions have leaders the answer is COORDINATOR_NOT_AVAILABLE and clients retry.
 * Transaction coordinators do not exist yet (COORDINATOR_NOT_AVAILABLE); other key types are INVALID_REQUEST.
 */
public final class FindCoordinatorHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final OffsetsTopicLeaders leaders;
    private final InternalTopicCreator topicCreator;

    public FindCoordinatorHandler(
            GroupCoordinator coordinator, OffsetsTopicLeaders leaders, InternalTopicCreator topicCreator) {
        this.coordinator = coordinator;
        this.leaders = leaders;
        this.topicCreator = topicCreator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 6;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        FindCoordinatorRequestData data =
                request.bodyAs(FindCoordinatorRequest.class).data();
        short version = request.apiVersion();
        List<String> keys =
                version >= FindCoordinatorRequest.MIN_BATCHED_VERSION ? data.coordinatorKeys() : List.of(data.key());
        List<FindCoordinatorResponseData.Coordinator> coordinators = new ArrayList<>();
        for (String key : keys) {
            coordinators.add(find(request, data.keyType(), key));
        }
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (version >= FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            response.setCoordinators(coordinators);
        } else {
            FindCoordinatorResponseData.Coordinator c = coordinators.get(0);
            response.setErrorCode(c.errorCode())
                    .setErrorMessage(version >= 1 ? c.errorMessage() : null)
                    .setNodeId(c.nodeId())
                    .setHost(c.host())
                    .setPort(c.port());
        }
        return CompletableFuture.completedFuture(new FindCoordinatorResponse(response));
    }

    private FindCoordinatorResponseData.Coordinator find(ApiRequest request, byte keyType, String key) {
        if (keyType == FindCoordinatorRequest.CoordinatorType.TRANSACTION.id()) {
            return error(key, Errors.COORDINATOR_NOT_AVAILABLE, "Transaction coordinators are not supported yet.");
        }
        if (keyType != FindCoordinatorRequest.CoordinatorType.GROUP.id()) {
            return error(key, Errors.INVALID_REQUEST, "Unsupported coordinator key type " + keyType + ".");
        }
        if (key == null || key.isEmpty()) {
            return error(key, Errors.INVALID_REQUEST, "Group id can't be empty.");
        }
        if (!leaders.offsetsTopicExists()) {
            topicCreator.createIfAbsent(
                    OffsetsTopic.NAME,
                    coordinator.config().offsetsTopicNumPartitions(),
                    coordinator.config().offsetsTopicReplicationFactor(),
                    OffsetsTopic.TOPIC_CONFIGS);
            return error(key, Errors.COORDINATOR_NOT_AVAILABLE, "The offsets topic is being created.");
        }
        int partition = coordinator.partitionFor(key);
        Optional<Node> leader = leaders.leader(partition, request.context().listenerName);
        if (leader.isEmpty()) {
            return error(key, Errors.COORDINATOR_NOT_AVAILABLE, "No leader for offsets partition " + partition + ".");
        }
        Node node = leader.get();
        return new FindCoordinatorResponseData.Coordinator()
                .setKey(key)
                .setErrorCode(Errors.NONE.code())
                .setNodeId(node.id())
                .setHost(node.host())
                .setPort(node.port());
    }

    private static FindCoordinatorResponseData.Coordinator error(String key, Errors error, String message) {
        Node none = Node.noNode();
        return new FindCoordinatorResponseData.Coordinator()
                .setKey(key)
                .setErrorCode(error.code())
                .setErrorMessage(message)
                .setNodeId(none.id())
                .setHost(none.host())
                .setPort(none.port());
    }
}
