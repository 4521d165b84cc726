package io.runnel.broker.api.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.RequestMeta;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch v1-v10. Versions before 8 ask for one group with top-level topics; v8+ batch groups; v9+ carry the
 * KIP-848 member id and epoch; v10 uses topic ids. Null topics (v2+) ask for all of the group's offsets.
 */
public final class OffsetFetchHandler implements ApiHandler {

    private static final short MIN_BATCHED_VERSION = 8;

    private final GroupCoordinator coordinator;

    public OffsetFetchHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public short lowestVersion() {
        return 1;
    }

    @Override
    public short highestVersion() {
        return 10;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        OffsetFetchRequestData data = request.bodyAs(OffsetFetchRequest.class).data();
        RequestMeta meta = Requests.meta(request);
        short version = request.apiVersion();
        if (version >= MIN_BATCHED_VERSION) {
            List<CompletableFuture<OffsetFetchResponseData.OffsetFetchResponseGroup>> futures = new ArrayList<>();
            for (OffsetFetchRequestData.OffsetFetchRequestGroup group : data.groups()) {
                futures.add(coordinator.fetchOffsets(meta, group, data.requireStable()));
            }
            return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .thenApply(v -> new OffsetFetchResponse(
                            new OffsetFetchResponseData()
                                    .setGroups(futures.stream()
                                            .map(CompletableFuture::join)
                                            .toList()),
                            version));
        }
        OffsetFetchRequestData.OffsetFetchRequestGroup group = new OffsetFetchRequestData.OffsetFetchRequestGroup()
                .setGroupId(data.groupId())
                .setMemberId(null)
                .setMemberEpoch(-1)
                .setTopics(
                        data.topics() == null
                                ? null
                                : data.topics().stream()
                                        .map(t -> new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                                .setName(t.name())
                                                .setPartitionIndexes(t.partitionIndexes()))
                                        .toList());
        return coordinator
                .fetchOffsets(meta, group, data.requireStable())
                .thenApply(result -> new OffsetFetchResponse(singleGroupResponse(result, version), version));
    }

    private static OffsetFetchResponseData singleGroupResponse(
            OffsetFetchResponseData.OffsetFetchResponseGroup group, short version) {
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= 2) {
            response.setErrorCode(group.errorCode());
        }
        for (OffsetFetchResponseData.OffsetFetchResponseTopics t : group.topics()) {
            OffsetFetchResponseData.OffsetFetchResponseTopic topic =
                    new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(t.name());
            for (OffsetFetchResponseData.OffsetFetchResponsePartitions p : t.partitions()) {
                topic.partitions()
                        .add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setCommittedOffset(p.committedOffset())
                                .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                                .setMetadata(p.metadata())
                                .setErrorCode(version < 2 && p.errorCode() == 0 ? group.errorCode() : p.errorCode()));
            }
            response.topics().add(topic);
        }
        return response;
    }
}
