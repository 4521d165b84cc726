package io.runnel.broker.api.group;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;

/** Heartbeat v0-v4 of classic group members. */
public final class HeartbeatHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        return coordinator
                .heartbeat(
                        Requests.meta(request),
                        request.bodyAs(HeartbeatRequest.class).data())
                .thenApply(HeartbeatResponse::new);
    }
}
