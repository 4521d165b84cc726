package io.runnel.broker.api.group;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;

/** DeleteGroups v0-v2: deletes empty groups and their offsets (NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND otherwise). */
public final class DeleteGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        return coordinator
                .deleteGroups(request.bodyAs(DeleteGroupsRequest.class).data().groupsNames())
                .thenApply(results -> {
                    DeleteGroupsResponseData data = new DeleteGroupsResponseData();
                    results.forEach(data.results()::add);
                    return new DeleteGroupsResponse(data);
                });
    }
}
