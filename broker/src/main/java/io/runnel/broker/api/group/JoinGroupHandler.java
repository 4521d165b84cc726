package io.runnel.broker.api.group;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;

/** JoinGroup v0-v9 (KIP-394 member id round trip from v4, static membership from v5, SkipAssignment v9). */
public final class JoinGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 9;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        short version = request.apiVersion();
        return coordinator
                .joinGroup(
                        Requests.meta(request),
                        request.bodyAs(JoinGroupRequest.class).data())
                .thenApply(data -> new JoinGroupResponse(forVersion(data, version), version));
    }

    private static JoinGroupResponseData forVersion(JoinGroupResponseData data, short version) {
        if (version < 7 && data.protocolName() == null) {
            data.setProtocolName(""); // non-nullable before v7
        }
        if (version < 9) {
            data.setSkipAssignment(false);
        }
        if (version < 5) {
            data.members().forEach(m -> m.setGroupInstanceId(null));
        }
        return data;
    }
}
