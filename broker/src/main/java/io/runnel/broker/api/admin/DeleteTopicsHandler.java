package io.runnel.broker.api.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.controller.TopicCommands;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.MetadataView;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

/**
 * DeleteTopics, versions 1 to 6, by name or (v6) by topic id. Unknown names are UNKNOWN_TOPIC_OR_PARTITION,
 * unknown ids UNKNOWN_TOPIC_ID, an entry with both a name and an id INVALID_REQUEST. Answered once this broker's
 * metadata no longer shows the deleted topics, or at the request's timeout.
 */
public final class DeleteTopicsHandler implements ApiHandler {

    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final MetadataView view;
    private final TopicCommands topics;

    public DeleteTopicsHandler(MetadataView view, TopicCommands topics) {
        this.view = view;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    private record Target(String name, Uuid id, Errors error) {}

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        DeleteTopicsRequest body = request.bodyAs(DeleteTopicsRequest.class);
        ClusterMetadata metadata = view.current();
        List<Target> targets = new ArrayList<>();
        if (request.apiVersion() >= 6) {
            for (DeleteTopicState state : body.data().topics()) {
                targets.add(resolve(metadata, state.name(), state.topicId()));
            }
        } else {
            body.data().topicNames().forEach(name -> targets.add(resolve(metadata, name, Uuid.ZERO_UUID)));
        }
        List<String> names = targets.stream()
                .filter(t -> t.error() == Errors.NONE)
                .map(Target::name)
                .distinct()
                .toList();
        CompletableFuture<Map<String, ApiError>> deleted =
                names.isEmpty() ? CompletableFuture.completedFuture(Map.of()) : topics.deleteTopics(names);
        int timeoutMs = body.data().timeoutMs();
        return deleted.thenCompose(errors -> awaitGone(errors, timeoutMs)).thenApply(errors -> {
            DeleteTopicsResponseData data = new DeleteTopicsResponseData().setThrottleTimeMs(0);
            for (Target target : targets) {
                ApiError error = target.error() != Errors.NONE
                        ? new ApiError(target.error(), null)
                        : errors.getOrDefault(target.name(), ApiError.NONE);
                data.responses()
                        .add(new DeletableTopicResult()
                                .setName(target.name())
                                .setTopicId(target.id())
                                .setErrorCode(error.error().code())
                                .setErrorMessage(error.isFailure() ? error.messageWithFallback() : null));
            }
            return new DeleteTopicsResponse(data);
        });
    }

    private static Target resolve(ClusterMetadata metadata, String name, Uuid id) {
        boolean hasId = id != null && !id.equals(Uuid.ZERO_UUID);
        if (name != null && hasId) {
            return new Target(name, id, Errors.INVALID_REQUEST);
        }
        if (hasId) {
            return metadata.topic(id)
                    .map(t -> new Target(t.name(), id, Errors.NONE))
                    .orElse(new Target(null, id, Errors.UNKNOWN_TOPIC_ID));
        }
        return metadata.topic(name)
                .map(t -> new Target(name, t.topicId(), Errors.NONE))
                .orElse(new Target(name, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION));
    }

    private CompletableFuture<Map<String, ApiError>> awaitGone(Map<String, ApiError> errors, int timeoutMs) {
        List<String> deleted = errors.entrySet().stream()
                .filter(e -> e.getValue().isSuccess())
                .map(Map.Entry::getKey)
                .toList();
        if (deleted.isEmpty() || timeoutMs <= 0) {
            return CompletableFuture.completedFuture(errors);
        }
        return view.awaitUntil(m -> deleted.stream().noneMatch(m.topics()::containsKey))
                .orTimeout(Math.min(timeoutMs, MAX_WAIT.toMillis()), TimeUnit.MILLISECONDS)
                .handle((ignored, timeout) -> errors);
    }
}
