package io.runnel.broker.api.group;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/** OffsetDelete v0 (KIP-496): deletes a group's offsets of topics it no longer subscribes to. */
public final class OffsetDeleteHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public OffsetDeleteHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        return coordinator
                .deleteOffsets(request.bodyAs(OffsetDeleteRequest.class).data())
                .thenApply(OffsetDeleteResponse::new);
    }
}
