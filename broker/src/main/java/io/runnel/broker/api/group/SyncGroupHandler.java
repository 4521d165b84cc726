package io.runnel.broker.api.group;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/** SyncGroup v0-v5 (protocol type and name checked and returned from v5). */
public final class SyncGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        short version = request.apiVersion();
        return coordinator
                .syncGroup(
                        Requests.meta(request),
                        request.bodyAs(SyncGroupRequest.class).data())
                .thenApply(data -> {
                    if (version < 5) {
                        data.setProtocolType(null).setProtocolName(null);
                    }
                    return new SyncGroupResponse(data);
                });
    }
}
