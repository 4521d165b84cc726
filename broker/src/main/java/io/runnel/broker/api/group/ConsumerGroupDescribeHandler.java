package io.runnel.broker.api.group;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;

/** ConsumerGroupDescribe v0-v1: members, epochs, current and target assignments of KIP-848 groups. */
public final class ConsumerGroupDescribeHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    public ConsumerGroupDescribeHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_DESCRIBE;
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
                .consumerGroupDescribe(request.bodyAs(ConsumerGroupDescribeRequest.class)
                        .data()
                        .groupIds())
                .thenApply(groups ->
                        new ConsumerGroupDescribeResponse(new ConsumerGroupDescribeResponseData().setGroups(groups)));
    }
}
