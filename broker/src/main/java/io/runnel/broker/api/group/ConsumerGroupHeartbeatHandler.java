package io.runnel.broker.api.group;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/** ConsumerGroupHeartbeat v0-v1 (KIP-848; from v1 the client generates its member id). */
public final class ConsumerGroupHeartbeatHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public ConsumerGroupHeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_HEARTBEAT;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        return coordinator
                .consumerGroupHeartbeat(
                        Requests.meta(request),
                        request.bodyAs(ConsumerGroupHeartbeatRequest.class).data())
                .thenApply(ConsumerGroupHeartbeatResponse::new);
    }
}
