package io.runnel.broker.api.group;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;

/** DescribeGroups v0-v6 of classic groups (v6: unknown groups get GROUP_ID_NOT_FOUND, KIP-1043). */
public final class DescribeGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 6;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        short version = request.apiVersion();
        return coordinator
                .describeGroups(
                        Requests.meta(request),
                        request.bodyAs(DescribeGroupsRequest.class).data().groups())
                .thenApply(groups -> {
                    if (version < 4) {
                        groups.forEach(g -> g.members().forEach(m -> m.setGroupInstanceId(null)));
                    }
                    return new DescribeGroupsResponse(new DescribeGroupsResponseData().setGroups(groups));
                });
    }
}
