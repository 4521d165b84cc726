package io.runnel.broker.api.group;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;

/**
 * OffsetCommit v2-v10: v2-v4 may carry a retention time, v7+ a group instance id, v9+ KIP-848 member epochs,
 * v10 topic ids instead of names.
 */
public final class OffsetCommitHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public OffsetCommitHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public short lowestVersion() {
        return 2;
    }

    @Override
    public short highestVersion() {
        return 10;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        return coordinator
                .commitOffsets(
                        Requests.meta(request),
                        request.bodyAs(OffsetCommitRequest.class).data())
                .thenApply(OffsetCommitResponse::new);
    }
}
