package io.runnel.broker.api.group;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;

/**
 * LeaveGroup v0-v5. Before v3 a request names one member and the answer is a top-level error; from v3 it is a
 * batch with an error per member (static members may be removed by instance id).
 */
public final class LeaveGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
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
        LeaveGroupRequestData data = request.bodyAs(LeaveGroupRequest.class).data();
        if (version < 3) {
            data = new LeaveGroupRequestData()
                    .setGroupId(data.groupId())
                    .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(data.memberId())));
        }
        return coordinator.leaveGroup(Requests.meta(request), data).thenApply(response -> {
            Errors topLevel = Errors.forCode(response.errorCode());
            if (topLevel != Errors.NONE) {
                return new LeaveGroupResponse(List.of(), topLevel, 0, version);
            }
            return new LeaveGroupResponse(response.members(), Errors.NONE, 0, version);
        });
    }
}
