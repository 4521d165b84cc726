package io.runnel.broker.api.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.controller.NewPartitions;
import io.runnel.broker.controller.TopicCommands;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.MetadataView;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;

/** CreatePartitions, versions 0 to 3: grows topics through the controller; duplicates are INVALID_REQUEST. */
public final class CreatePartitionsHandler implements ApiHandler {

    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final MetadataView view;
    private final TopicCommands topics;

    /**
     * @param view this broker's metadata: grown topics are answered once it holds their new partitions' states (or
     *     at the request timeout), so a Metadata request that follows on this broker sees them, as CreateTopics does
     */
    public CreatePartitionsHandler(MetadataView view, TopicCommands topics) {
        this.view = view;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        CreatePartitionsRequest body = request.bodyAs(CreatePartitionsRequest.class);
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        body.data().topics().forEach(t -> {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        });
        List<NewPartitions> requests = new ArrayList<>();
        for (CreatePartitionsTopic topic : body.data().topics()) {
            if (duplicates.contains(topic.name())) {
                continue;
            }
            List<List<Integer>> assignments = topic.assignments() == null
                    ? null
                    : topic.assignments().stream()
                            .map(CreatePartitionsAssignment::brokerIds)
                            .map(List::copyOf)
                            .toList();
            requests.add(new NewPartitions(topic.name(), topic.count(), assignments));
        }
        CompletableFuture<Map<String, ApiError>> results = requests.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : topics.createPartitions(requests, body.data().validateOnly())
                        .thenCompose(errors -> awaitPartitions(
                                errors,
                                requests,
                                body.data().validateOnly(),
                                body.data().timeoutMs()));
        return results.thenApply(errors -> {
            CreatePartitionsResponseData data = new CreatePartitionsResponseData().setThrottleTimeMs(0);
            for (String name : duplicates) {
                data.results()
                        .add(new CreatePartitionsTopicResult()
                                .setName(name)
                                .setErrorCode(Errors.INVALID_REQUEST.code())
                                .setErrorMessage("Duplicate topic in request."));
            }
            errors.forEach((name, error) -> data.results()
                    .add(new CreatePartitionsTopicResult()
                            .setName(name)
                            .setErrorCode(error.error().code())
                            .setErrorMessage(error.isFailure() ? error.messageWithFallback() : null)));
            return new CreatePartitionsResponse(data);
        });
    }

    private CompletableFuture<Map<String, ApiError>> awaitPartitions(
            Map<String, ApiError> errors, List<NewPartitions> requests, boolean validateOnly, int timeoutMs) {
        List<NewPartitions> grown = requests.stream()
                .filter(r -> errors.getOrDefault(r.topic(), ApiError.NONE).isSuccess())
                .toList();
        if (validateOnly || grown.isEmpty() || timeoutMs <= 0) {
            return CompletableFuture.completedFuture(errors);
        }
        return view.awaitUntil(m -> grown.stream().allMatch(r -> hasAllStates(m, r)))
                .orTimeout(Math.min(timeoutMs, MAX_WAIT.toMillis()), TimeUnit.MILLISECONDS)
                .handle((ignored, timeout) -> errors);
    }

    private static boolean hasAllStates(ClusterMetadata metadata, NewPartitions request) {
        for (int p = 0; p < request.totalCount(); p++) {
            if (!metadata.partitionStates().containsKey(new TopicPartition(request.topic(), p))) {
                return false;
            }
        }
        return true;
    }
}
