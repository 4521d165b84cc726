package io.runnel.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * A coordinator leading the single offsets partition, over an in-memory log, with a manual clock and a direct
 * executor: every request runs to completion (or parks) inside the call, and time moves only via
 * {@link #advance}.
 */
public final class CoordinatorHarness {

    public static final short JOIN_VERSION = 9;
    public static final int SESSION_MS = 10_000;
    public static final int REBALANCE_MS = 30_000;

    public final ManualScheduler clock = new ManualScheduler();
    public final InMemoryOffsetsLog log = new InMemoryOffsetsLog(new TopicPartition(OffsetsTopic.NAME, 0));
    public final StaticTopics topics = new StaticTopics();
    public final GroupCoordinatorConfig config;
    public GroupCoordinator coordinator;

    public CoordinatorHarness() {
        this(GroupCoordinatorConfig.defaults().withOffsetsTopicNumPartitions(1).withGroupInitialRebalanceDelayMs(0));
    }

    public CoordinatorHarness(GroupCoordinatorConfig config) {
        this.config = config;
        this.coordinator = newCoordinator();
        coordinator.onBecomeLeader(0, log).join();
    }

    public GroupCoordinator newCoordinator() {
        return new GroupCoordinator(config, clock, clock, Runnable::run, log, topics);
    }

    /** A fresh coordinator (another broker) that takes over the partition by replaying the same log. */
    public void failOver() {
        coordinator.onResign(0);
        coordinator = newCoordinator();
        coordinator.onBecomeLeader(0, log).join();
    }

    public void advance(long ms) {
        clock.advance(ms);
    }

    public static RequestMeta meta(int version) {
        return new RequestMeta((short) version, "client", "/127.0.0.1");
    }

    public static byte[] subscription(String... topics) {
        ByteBuffer b =
                ConsumerProtocol.serializeSubscription(new ConsumerPartitionAssignor.Subscription(List.of(topics)));
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    public static JoinGroupRequestData joinRequest(
            String group, String memberId, String instanceId, String... protocols) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection ps =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        for (String p : protocols) {
            ps.add(new JoinGroupRequestData.JoinGroupRequestProtocol()
                    .setName(p)
                    .setMetadata(subscription("t")));
        }
        return new JoinGroupRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(SESSION_MS)
                .setRebalanceTimeoutMs(REBALANCE_MS)
                .setProtocolType("consumer")
                .setProtocols(ps);
    }

    public CompletableFuture<JoinGroupResponseData> join(String group, String memberId, String instanceId) {
        return coordinator.joinGroup(meta(JOIN_VERSION), joinRequest(group, memberId, instanceId, "range"));
    }

    /** A dynamic member's complete first join (KIP-394 round trip); returns the parked second join. */
    public CompletableFuture<JoinGroupResponseData> joinNew(String group) {
        JoinGroupResponseData first = join(group, "", null).join();
        if (first.errorCode() != Errors.MEMBER_ID_REQUIRED.code()) {
            throw new AssertionError("expected MEMBER_ID_REQUIRED, got " + Errors.forCode(first.errorCode()));
        }
        return join(group, first.memberId(), null);
    }

    public CompletableFuture<SyncGroupResponseData> sync(
            String group, String memberId, int generation, List<SyncGroupRequestData.SyncGroupRequestAssignment> a) {
        return coordinator.syncGroup(
                meta(5),
                new SyncGroupRequestData()
                        .setGroupId(group)
                        .setMemberId(memberId)
                        .setGenerationId(generation)
                        .setProtocolType("consumer")
                        .setProtocolName("range")
                        .setAssignments(new ArrayList<>(a)));
    }

    public static SyncGroupRequestData.SyncGroupRequestAssignment assignment(String memberId, String bytes) {
        return new SyncGroupRequestData.SyncGroupRequestAssignment()
                .setMemberId(memberId)
                .setAssignment(bytes.getBytes());
    }

    public Errors heartbeat(String group, String memberId, int generation) {
        return heartbeat(group, memberId, null, generation);
    }

    public Errors heartbeat(String group, String memberId, String instanceId, int generation) {
        return Errors.forCode(coordinator
                .heartbeat(
                        meta(4),
                        new HeartbeatRequestData()
                                .setGroupId(group)
                                .setMemberId(memberId)
                                .setGroupInstanceId(instanceId)
                                .setGenerationId(generation))
                .join()
                .errorCode());
    }

    public Errors leave(String group, String memberId) {
        return Errors.forCode(coordinator
                .leaveGroup(
                        meta(5),
                        new LeaveGroupRequestData()
                                .setGroupId(group)
                                .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId))))
                .join()
                .members()
                .get(0)
                .errorCode());
    }

    public Errors commit(String group, String memberId, int generation, String topic, int partition, long offset) {
        return commit(group, memberId, generation, topic, partition, offset, "");
    }

    public Errors commit(
            String group, String memberId, int generation, String topic, int partition, long offset, String metadata) {
        OffsetCommitRequestData req = new OffsetCommitRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setGenerationIdOrMemberEpoch(generation)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(topic)
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(partition)
                                .setCommittedOffset(offset)
                                .setCommittedLeaderEpoch(3)
                                .setCommittedMetadata(metadata)))));
        return Errors.forCode(coordinator
                .commitOffsets(meta(9), req)
                .join()
                .topics()
                .get(0)
                .partitions()
                .get(0)
                .errorCode());
    }

    /** The committed offset of one partition, -1 if none. */
    public long committed(String group, String topic, int partition) {
        OffsetFetchResponseData.OffsetFetchResponseGroup g = coordinator
                .fetchOffsets(
                        meta(9),
                        new OffsetFetchRequestData.OffsetFetchRequestGroup()
                                .setGroupId(group)
                                .setMemberId(null)
                                .setMemberEpoch(-1)
                                .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                        .setName(topic)
                                        .setPartitionIndexes(List.of(partition)))),
                        false)
                .join();
        return g.topics().get(0).partitions().get(0).committedOffset();
    }
}
