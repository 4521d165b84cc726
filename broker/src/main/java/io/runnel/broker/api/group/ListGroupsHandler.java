package io.runnel.broker.api.group;

import java.util.HashSet;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;

/** ListGroups v0-v5: the groups this broker coordinates; state filter from v4, type filter from v5. */
public final class ListGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
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
        ListGroupsRequestData data = request.bodyAs(ListGroupsRequest.class).data();
        short version = request.apiVersion();
        return coordinator
                .listGroups(new HashSet<>(data.statesFilter()), new HashSet<>(data.typesFilter()))
                .thenApply(response -> {
                    response.groups().forEach(g -> {
                        if (version < 4) {
                            g.setGroupState("");
                        }
                        if (version < 5) {
                            g.setGroupType("");
                        }
                    });
                    return new ListGroupsResponse(response);
                });
    }
}
