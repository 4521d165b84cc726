package io.runnel.broker.controller;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.requests.ApiError;

/**
 * Sends topic commands to the active controller: the local {@link ZkController} when this broker is the
 * controller, otherwise {@code remote}. This is the seam for multi-broker clusters: today {@code remote} is
 * {@link #NOT_CONTROLLER} (Kafka clients then retry against the controller named in Metadata); a forwarding
 * implementation (an inter-broker client sending the request to the controller) plugs in here.
 */
public final class ControllerRouter implements TopicCommands {

    /** Fails every command with NOT_CONTROLLER. */
    public static final TopicCommands NOT_CONTROLLER = new TopicCommands() {
        @Override
        public CompletableFuture<List<CreateTopicResult>> createTopics(List<NewTopic> topics, boolean validateOnly) {
            return notController();
        }

        @Override
        public CompletableFuture<Map<String, ApiError>> deleteTopics(Collection<String> topics) {
            return notController();
        }

        @Override
        public CompletableFuture<Map<String, ApiError>> createPartitions(
                List<NewPartitions> requests, boolean validateOnly) {
            return notController();
        }

        private <T> CompletableFuture<T> notController() {
            return CompletableFuture.failedFuture(
                    new org.apache.kafka.common.errors.NotControllerException("This broker is not the controller."));
        }
    };

    private final ZkController local;
    private final TopicCommands remote;

    public ControllerRouter(ZkController local, TopicCommands remote) {
        this.local = local;
        this.remote = remote;
    }

    private TopicCommands target() {
        return local.isActive() ? local : remote;
    }

    @Override
    public CompletableFuture<List<CreateTopicResult>> createTopics(List<NewTopic> topics, boolean validateOnly) {
        return target().createTopics(topics, validateOnly);
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> deleteTopics(Collection<String> topics) {
        return target().deleteTopics(topics);
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> createPartitions(
            List<NewPartitions> requests, boolean validateOnly) {
        return target().createPartitions(requests, validateOnly);
    }
}
