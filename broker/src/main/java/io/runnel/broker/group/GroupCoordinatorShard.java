package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.classic.ClassicGroupMember;
import io.runnel.broker.group.consumer.ConsumerGroup;
import io.runnel.broker.group.consumer.ConsumerGroupMember;
import io.runnel.broker.group.consumer.MemberState;
import io.runnel.broker.group.records.ConsumerGroupCurrentMemberAssignmentValue;
import io.runnel.broker.group.records.ConsumerGroupKey;
import io.runnel.broker.group.records.ConsumerGroupMemberMetadataValue;
import io.runnel.broker.group.records.CoordinatorRecordCodec;
import io.runnel.broker.group.records.CoordinatorRecordKey;
import io.runnel.broker.group.records.GroupMetadataKey;
import io.runnel.broker.group.records.GroupMetadataValue;
import io.runnel.broker.group.records.OffsetCommitKey;
import io.runnel.broker.group.records.UnknownRecordKey;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogReadResult;
import io.runnel.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups and offsets of one {@code __consumer_offsets} partition that this broker leads. Every state change
 * runs on the shard's {@link SerialExecutor}, so the state needs no locks; writes go to the partition through
 * {@link CoordinatorLog} and their completions come back onto the same executor.
 *
 * <p>On becoming leader the shard replays the partition's log from its start ({@link #load}); until that is done
 * its status is LOADING and requests are answered COORDINATOR_LOAD_IN_PROGRESS, as in Kafka.
 */
public final class GroupCoordinatorShard {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinatorShard.class);
    private static final int LOAD_READ_BYTES = 4 * 1024 * 1024;
    private static final String EXPIRY_TIMER = "offsets-expiry";

    public enum Status {
        LOADING,
        ACTIVE,
        CLOSED
    }

    private final TopicPartition partition;
    private final GroupCoordinatorConfig config;
    private final Time time;
    private final CoordinatorLog coordinatorLog;
    private final SerialExecutor executor;
    private final ShardTimers timers;
    private final Map<String, Group> groups = new HashMap<>();
    private final OffsetStore offsets = new OffsetStore();
    private final ClassicGroupMembership classic;
    private final ConsumerGroupMembership consumer;
    private final GroupAdministration admin;
    private volatile Status status = Status.LOADING;

    GroupCoordinatorShard(
            int partitionId,
            GroupCoordinatorConfig config,
            Time time,
            CoordinatorScheduler scheduler,
            SerialExecutor executor,
            CoordinatorLog coordinatorLog,
            TopicMetadataLookup topics) {
        this.partition = new TopicPartition(OffsetsTopic.NAME, partitionId);
        this.config = config;
        this.time = time;
        this.coordinatorLog = coordinatorLog;
        this.executor = executor;
        this.timers = new ShardTimers(scheduler, executor);
        this.classic = new ClassicGroupMembership(this);
        this.consumer = new ConsumerGroupMembership(this, topics);
        this.admin = new GroupAdministration(this, topics);
    }

    public Status status() {
        return status;
    }

    public TopicPartition partition() {
        return partition;
    }

    ClassicGroupMembership classic() {
        return classic;
    }

    ConsumerGroupMembership consumer() {
        return consumer;
    }

    GroupAdministration admin() {
        return admin;
    }

    GroupCoordinatorConfig config() {
        return config;
    }

    Time time() {
        return time;
    }

    ShardTimers timers() {
        return timers;
    }

    Map<String, Group> groups() {
        return groups;
    }

    OffsetStore offsets() {
        return offsets;
    }

    /** Runs {@code op} on the shard's executor; the returned future completes with the op's future. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            if (status == Status.LOADING) {
                result.completeExceptionally(
                        new CoordinatorLoadInProgressException("offsets partition " + partition + " is loading"));
                return;
            }
            if (status != Status.ACTIVE) {
                result.completeExceptionally(new NotCoordinatorException(
                        "offsets partition " + partition + " is no longer led by this broker"));
                return;
            }
            try {
                op.get().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(AppendErrors.unwrap(e));
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Appends records to the offsets partition; the future completes (on the shard executor) with the offset of
     * the first record once the append is committed.
     */
    CompletableFuture<Long> write(List<SimpleRecord> records) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        if (records.isEmpty()) {
            result.complete(-1L);
            return result;
        }
        CompletableFuture<Long> append;
        try {
            append = coordinatorLog.append(
                    partition, MemoryRecords.withRecords(Compression.NONE, records.toArray(new SimpleRecord[0])));
        } catch (RuntimeException e) {
            append = CompletableFuture.failedFuture(e);
        }
        int count = records.size();
        append.whenComplete((lastOffset, e) -> executor.execute(() -> {
            if (e != null) {
                result.completeExceptionally(AppendErrors.unwrap(e));
            } else {
                result.complete(lastOffset - count + 1);
            }
        }));
        return result;
    }

    /** Replays the partition's log on the shard executor, then starts serving. */
    CompletableFuture<Void> load(PartitionLog partitionLog) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                long start = time.milliseconds();
                int records = replay(partitionLog);
                afterLoad();
                status = Status.ACTIVE;
                log.info(
                        "Loaded {} records of {}: {} groups in {} ms",
                        records,
                        partition,
                        groups.size(),
                        time.milliseconds() - start);
                done.complete(null);
            } catch (RuntimeException e) {
                log.error("Failed to load {}", partition, e);
                status = Status.CLOSED;
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private int replay(PartitionLog partitionLog) {
        long next = partitionLog.logStartOffset();
        long end = partitionLog.logEndOffset();
        int count = 0;
        while (next < end && status == Status.LOADING) {
            LogReadResult read = partitionLog.read(next, LOAD_READ_BYTES, FetchIsolation.LOG_END, true);
            boolean progressed = false;
            for (RecordBatch batch : read.records().batches()) {
                if (batch.lastOffset() < next) {
                    continue;
                }
                if (!batch.isControlBatch()) {
                    for (Record record : batch) {
                        if (record.offset() >= next) {
                            replay(record);
                            count++;
                        }
                    }
                }
                next = batch.nextOffset();
                progressed = true;
            }
            if (!progressed) {
                break;
            }
        }
        return count;
    }

    private void replay(Record record) {
        if (!record.hasKey()) {
            log.warn("Skipping record without key at offset {} of {}", record.offset(), partition);
            return;
        }
        CoordinatorRecordKey key = CoordinatorRecordCodec.decodeKey(record.key());
        switch (key) {
            case OffsetCommitKey k -> {
                TopicPartition tp = new TopicPartition(k.topic(), k.partition());
                if (record.hasValue()) {
                    offsets.put(
                            k.group(),
                            tp,
                            CoordinatorRecordCodec.decodeOffsetCommitValue(record.value()),
                            record.offset());
                } else {
                    offsets.remove(k.group(), tp, record.offset());
                }
            }
            case GroupMetadataKey k -> {
                if (record.hasValue()) {
                    restoreClassicGroup(k.group(), CoordinatorRecordCodec.decodeGroupMetadataValue(record.value()));
                } else if (groups.get(k.group()) instanceof ClassicGroup) {
                    groups.remove(k.group());
                }
            }
            case ConsumerGroupKey k -> replayConsumerGroup(k, record);
            case UnknownRecordKey k -> log.debug("Skipping record type {} at offset {}", k.type(), record.offset());
        }
    }

    private void replayConsumerGroup(ConsumerGroupKey key, Record record) {
        ConsumerGroup group = groups.get(key.group()) instanceof ConsumerGroup g ? g : null;
        if (!record.hasValue()) {
            if (group == null) {
                return;
            }
            switch (key.kind()) {
                case GROUP_METADATA -> groups.remove(key.group());
                case MEMBER_METADATA -> group.removeMember(key.memberId());
                case TARGET_ASSIGNMENT_MEMBER -> group.restoreTargetAssignment(key.memberId(), null);
                case TARGET_ASSIGNMENT_METADATA, CURRENT_MEMBER_ASSIGNMENT -> {}
            }
            return;
        }
        if (group == null) {
            // A consumer group's records follow the tombstone of any classic group of the same id.
            group = new ConsumerGroup(key.group());
            groups.put(key.group(), group);
        }
        switch (key.kind()) {
            case GROUP_METADATA ->
                group.restoreGroupEpoch(CoordinatorRecordCodec.decodeConsumerGroupEpoch(record.value()));
            case TARGET_ASSIGNMENT_METADATA ->
                group.restoreAssignmentEpoch(CoordinatorRecordCodec.decodeTargetAssignmentEpoch(record.value()));
            case TARGET_ASSIGNMENT_MEMBER ->
                group.restoreTargetAssignment(
                        key.memberId(),
                        ConsumerGroupRecords.toAssignment(
                                CoordinatorRecordCodec.decodeTargetAssignment(record.value())));
            case MEMBER_METADATA -> {
                ConsumerGroupMemberMetadataValue v = CoordinatorRecordCodec.decodeMemberMetadata(record.value());
                memberForReplay(group, key.memberId())
                        .restoreMetadata(
                                v.instanceId(),
                                v.rackId(),
                                v.clientId(),
                                v.clientHost(),
                                v.subscribedTopicNames(),
                                v.rebalanceTimeoutMs(),
                                v.serverAssignor());
            }
            case CURRENT_MEMBER_ASSIGNMENT -> {
                ConsumerGroupCurrentMemberAssignmentValue v =
                        CoordinatorRecordCodec.decodeCurrentMemberAssignment(record.value());
                group.restoreMemberAssignment(
                        memberForReplay(group, key.memberId()),
                        v.memberEpoch(),
                        v.previousMemberEpoch(),
                        MemberState.fromValue(v.state()),
                        ConsumerGroupRecords.toAssignment(v.assignedPartitions()),
                        ConsumerGroupRecords.toAssignment(v.partitionsPendingRevocation()));
            }
        }
    }

    private static ConsumerGroupMember memberForReplay(ConsumerGroup group, String memberId) {
        ConsumerGroupMember member = group.member(memberId);
        if (member == null) {
            member = new ConsumerGroupMember(memberId, null);
            group.addMember(member);
        }
        return member;
    }

    private void restoreClassicGroup(String groupId, GroupMetadataValue value) {
        ClassicGroup group = new ClassicGroup(groupId, time.milliseconds());
        List<ClassicGroupMember> members = new ArrayList<>();
        for (GroupMetadataValue.MemberMetadata m : value.members()) {
            ClassicGroupMember member = new ClassicGroupMember(
                    m.memberId(),
                    m.groupInstanceId(),
                    m.clientId(),
                    m.clientHost(),
                    m.rebalanceTimeout(),
                    m.sessionTimeout(),
                    value.protocolType(),
                    value.protocol() == null
                            ? List.of()
                            : List.of(new ClassicGroupMember.Protocol(value.protocol(), m.subscription())));
            member.setAssignment(m.assignment());
            members.add(member);
        }
        group.restore(
                value.protocolType(),
                value.generation(),
                value.protocol(),
                value.leader(),
                value.currentStateTimestamp(),
                members);
        groups.put(groupId, group);
    }

    private void afterLoad() {
        // Groups with offsets but no metadata record (simple consumers, admin commits) come back as empty groups,
        // so they are listed, described and subject to retention like in Kafka.
        for (String groupId : offsets.groups()) {
            groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, time.milliseconds()));
        }
        classic.onLoaded();
        consumer.onLoaded();
        scheduleOffsetsExpiry();
    }

    private void scheduleOffsetsExpiry() {
        timers.schedule(EXPIRY_TIMER, config.offsetsRetentionCheckIntervalMs(), () -> {
            admin.expireOffsets();
            scheduleOffsetsExpiry();
        });
    }

    /** Stops serving: cancels timers and fails parked requests with NOT_COORDINATOR. */
    void unload() {
        executor.execute(() -> {
            status = Status.CLOSED;
            timers.cancelAll();
            classic.onUnloaded();
            groups.clear();
        });
    }
}
