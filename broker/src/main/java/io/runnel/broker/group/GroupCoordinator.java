package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.runnel.storage.PartitionLog;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

/**
 * The broker's group coordinator: routes each group request to the {@link GroupCoordinatorShard} of the group's
 * {@code __consumer_offsets} partition, if this broker leads it. Thread-safe; called from request-handler threads.
 * Shards come and go with partition leadership ({@link #onBecomeLeader}, {@link #onResign}), so groups follow
 * their partition when it moves to another broker.
 *
 * <p>A group request for a partition this broker does not lead is answered NOT_COORDINATOR, and one for a
 * partition still loading COORDINATOR_LOAD_IN_PROGRESS, which make Kafka clients rediscover or retry.
 */
public final class GroupCoordinator {

    private final GroupCoordinatorConfig config;
    private final Time time;
    private final CoordinatorScheduler scheduler;
    private final Executor pool;
    private final CoordinatorLog log;
    private final TopicMetadataLookup topics;
    private final Map<Integer, GroupCoordinatorShard> shards = new ConcurrentHashMap<>();

    /**
     * @param pool threads that run the shards' work; each shard's tasks run one at a time on it
     * @param log how shards append to the offsets partitions they lead
     * @param topics topic metadata for KIP-848 assignors and topic-id requests
     */
    public GroupCoordinator(
            GroupCoordinatorConfig config,
            Time time,
            CoordinatorScheduler scheduler,
            Executor pool,
            CoordinatorLog log,
            TopicMetadataLookup topics) {
        this.config = config;
        this.time = time;
        this.scheduler = scheduler;
        this.pool = pool;
        this.log = log;
        this.topics = topics;
    }

    public GroupCoordinatorConfig config() {
        return config;
    }

    /** The {@code __consumer_offsets} partition that stores {@code groupId}. */
    public int partitionFor(String groupId) {
        return OffsetsTopic.partitionFor(groupId, config.offsetsTopicNumPartitions());
    }

    /**
     * This broker became leader of offsets partition {@code partition}: replays its log and then serves its
     * groups. The future completes when loading is done.
     */
    public synchronized CompletableFuture<Void> onBecomeLeader(int partition, PartitionLog partitionLog) {
        GroupCoordinatorShard existing = shards.get(partition);
        if (existing != null && existing.status() != GroupCoordinatorShard.Status.CLOSED) {
            return CompletableFuture.completedFuture(null);
        }
        GroupCoordinatorShard shard =
                new GroupCoordinatorShard(partition, config, time, scheduler, new SerialExecutor(pool), log, topics);
        shards.put(partition, shard);
        return shard.load(partitionLog);
    }

    /** This broker lost leadership of offsets partition {@code partition}: stops serving and forgets its groups. */
    public synchronized void onResign(int partition) {
        GroupCoordinatorShard shard = shards.remove(partition);
        if (shard != null) {
            shard.unload();
        }
    }

    /** Offsets partitions this broker currently leads (loaded or loading). */
    public Set<Integer> ownedPartitions() {
        return Set.copyOf(shards.keySet());
    }

    // ---------------------------------------------------------------------------------------- classic protocol

    public CompletableFuture<JoinGroupResponseData> joinGroup(RequestMeta meta, JoinGroupRequestData req) {
        return route(
                req.groupId(),
                shard -> shard.classic().join(meta, req),
                error -> ClassicGroupMembership.joinErrorData(req.memberId(), error));
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(RequestMeta meta, SyncGroupRequestData req) {
        return route(req.groupId(), shard -> shard.classic().sync(req), error -> new SyncGroupResponseData()
                .setErrorCode(error.code())
                .setAssignment(new byte[0]));
    }

    public CompletableFuture<HeartbeatResponseData> heartbeat(RequestMeta meta, HeartbeatRequestData req) {
        return route(
                req.groupId(),
                shard -> CompletableFuture.completedFuture(shard.classic().heartbeat(req)),
                error -> new HeartbeatResponseData().setErrorCode(error.code()));
    }

    public CompletableFuture<LeaveGroupResponseData> leaveGroup(RequestMeta meta, LeaveGroupRequestData req) {
        return route(
                req.groupId(),
                shard -> CompletableFuture.completedFuture(shard.classic().leave(req)),
                error -> new LeaveGroupResponseData().setErrorCode(error.code()));
    }

    // ---------------------------------------------------------------------------------------- consumer protocol

    public CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            RequestMeta meta, ConsumerGroupHeartbeatRequestData req) {
        if (req.groupId() == null || req.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData()
                    .setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("GroupId can't be empty."));
        }
        return route(
                req.groupId(),
                shard -> shard.consumer().heartbeat(meta, req),
                error -> new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code()));
    }

    public CompletableFuture<List<ConsumerGroupDescribeResponseData.DescribedGroup>> consumerGroupDescribe(
            List<String> groupIds) {
        return all(
                groupIds,
                groupId -> route(
                        groupId,
                        shard -> CompletableFuture.completedFuture(
                                shard.consumer().describe(groupId)),
                        error -> new ConsumerGroupDescribeResponseData.DescribedGroup()
                                .setGroupId(groupId)
                                .setErrorCode(error.code())));
    }

    // ------------------------------------------------------------------------------------------------- offsets

    public CompletableFuture<OffsetCommitResponseData> commitOffsets(RequestMeta meta, OffsetCommitRequestData req) {
        return route(req.groupId(), shard -> shard.admin().commitOffsets(meta, req), error -> {
            OffsetCommitResponseData response = new OffsetCommitResponseData();
            req.topics().forEach(t -> {
                OffsetCommitResponseData.OffsetCommitResponseTopic rt =
                        new OffsetCommitResponseData.OffsetCommitResponseTopic()
                                .setName(t.name())
                                .setTopicId(t.topicId());
                t.partitions().forEach(p -> rt.partitions()
                        .add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setErrorCode(error.code())));
                response.topics().add(rt);
            });
            return response;
        });
    }

    /** OffsetFetch for one group (v8+ shape; older versions are one group). */
    public CompletableFuture<OffsetFetchResponseData.OffsetFetchResponseGroup> fetchOffsets(
            RequestMeta meta, OffsetFetchRequestData.OffsetFetchRequestGroup req, boolean requireStable) {
        return route(
                req.groupId(),
                shard -> CompletableFuture.completedFuture(shard.admin().fetchOffsets(meta, req)),
                error -> new OffsetFetchResponseData.OffsetFetchResponseGroup()
                        .setGroupId(req.groupId())
                        .setErrorCode(error.code()));
    }

    public CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData req) {
        return route(req.groupId(), shard -> shard.admin().deleteOffsets(req), error -> new OffsetDeleteResponseData()
                .setErrorCode(error.code()));
    }

    // ----------------------------------------------------------------------------------------- administration

    /**
     * Groups of every loaded shard matching the filters (empty filter = all). The error is
     * COORDINATOR_LOAD_IN_PROGRESS while a shard is loading, as in Kafka; the groups found are still returned.
     */
    public CompletableFuture<ListGroupsResponseData> listGroups(Set<String> statesFilter, Set<String> typesFilter) {
        List<CompletableFuture<List<ListGroupsResponseData.ListedGroup>>> futures = new ArrayList<>();
        boolean loading = false;
        for (GroupCoordinatorShard shard : shards.values()) {
            if (shard.status() == GroupCoordinatorShard.Status.LOADING) {
                loading = true;
                continue;
            }
            futures.add(shard.submit(() ->
                            CompletableFuture.completedFuture(shard.admin().listGroups(statesFilter, typesFilter)))
                    .exceptionally(e -> List.of()));
        }
        Errors error = loading ? Errors.COORDINATOR_LOAD_IN_PROGRESS : Errors.NONE;
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> {
                    ListGroupsResponseData response = new ListGroupsResponseData().setErrorCode(error.code());
                    futures.forEach(f -> response.groups().addAll(f.join()));
                    return response;
                });
    }

    public CompletableFuture<List<DescribeGroupsResponseData.DescribedGroup>> describeGroups(
            RequestMeta meta, List<String> groupIds) {
        return all(
                groupIds,
                groupId -> route(
                        groupId,
                        shard -> CompletableFuture.completedFuture(shard.admin().describeGroup(meta, groupId)),
                        error -> new DescribeGroupsResponseData.DescribedGroup()
                                .setGroupId(groupId)
                                .setErrorCode(error.code())
                                .setGroupState("")
                                .setProtocolType("")
                                .setProtocolData("")));
    }

    public CompletableFuture<List<DeleteGroupsResponseData.DeletableGroupResult>> deleteGroups(List<String> groupIds) {
        return all(
                groupIds,
                groupId -> route(
                        groupId,
                        shard -> shard.admin().deleteGroup(groupId),
                        error -> new DeleteGroupsResponseData.DeletableGroupResult()
                                .setGroupId(groupId)
                                .setErrorCode(error.code())));
    }

    // -------------------------------------------------------------------------------------------------- routing

    private <T> CompletableFuture<T> route(
            String groupId, Function<GroupCoordinatorShard, CompletableFuture<T>> op, Function<Errors, T> onError) {
        if (groupId == null || groupId.isEmpty()) {
            return CompletableFuture.completedFuture(onError.apply(Errors.INVALID_GROUP_ID));
        }
        GroupCoordinatorShard shard = shards.get(partitionFor(groupId));
        if (shard == null || shard.status() == GroupCoordinatorShard.Status.CLOSED) {
            return CompletableFuture.completedFuture(onError.apply(Errors.NOT_COORDINATOR));
        }
        if (shard.status() == GroupCoordinatorShard.Status.LOADING) {
            return CompletableFuture.completedFuture(onError.apply(Errors.COORDINATOR_LOAD_IN_PROGRESS));
        }
        return shard.submit(() -> op.apply(shard))
                .exceptionally(e -> onError.apply(Errors.forException(AppendErrors.unwrap(e))));
    }

    private static <T> CompletableFuture<List<T>> all(List<String> keys, Function<String, CompletableFuture<T>> op) {
        List<CompletableFuture<T>> futures = keys.stream().map(op).toList();
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }
}
