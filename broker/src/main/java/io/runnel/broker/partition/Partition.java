package io.runnel.broker.partition;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.runnel.storage.EpochEndOffset;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogAppendResult;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogReadResult;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.ProducerInfo;
import io.runnel.storage.TimestampAndOffset;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OffsetNotAvailableException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * One local replica of a partition: its log, its role (leader or follower) at a leader epoch, the in-sync
 * replicas and the high watermark.
 *
 * <p>The high watermark is the smallest log end offset among the ISR. The leader's own end offset moves with
 * each append; followers' end offsets arrive with their fetches ({@link #updateFollowerFetchState}). With the
 * leader alone in the ISR the high watermark follows the log end after every append. Followers whose position
 * is not known yet (just after an election) hold the high watermark where it is.
 *
 * <p>Locking: appends and reads take the read side of the leadership lock, so a role change (write side) never
 * interleaves with an append stamped with the old epoch; the log serialises appends itself. The high watermark
 * is moved under a small per-partition monitor so concurrent appends never move it backwards. Listeners are
 * called after all locks are released.
 */
public final class Partition {

    /** A follower that has not fetched since this broker became leader. */
    private static final long UNKNOWN_END_OFFSET = -1L;

    private final TopicPartition topicPartition;
    private final int localBrokerId;
    private final PartitionLog log;
    private final PartitionEvents events;
    private final ReentrantReadWriteLock leadershipLock = new ReentrantReadWriteLock();
    private final Object highWatermarkMonitor = new Object();
    private final Map<Integer, Long> followerEndOffsets = new ConcurrentHashMap<>();
    private volatile LeaderAndIsr leadership;
    private volatile boolean removed;

    Partition(TopicPartition topicPartition, int localBrokerId, PartitionLog log, PartitionEvents events) {
        this.topicPartition = topicPartition;
        this.localBrokerId = localBrokerId;
        this.log = log;
        this.events = events;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /** The current leadership as last applied, or empty before the first. */
    public Optional<LeaderAndIsr> leadership() {
        return Optional.ofNullable(leadership);
    }

    public boolean isLeader() {
        LeaderAndIsr current = leadership;
        return !removed && current != null && current.leaderId() == localBrokerId;
    }

    public int leaderEpoch() {
        LeaderAndIsr current = leadership;
        return current == null ? RecordBatch.NO_PARTITION_LEADER_EPOCH : current.leaderEpoch();
    }

    public long highWatermark() {
        return log.highWatermark();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public LogConfig config() {
        return log.config();
    }

    /**
     * Applies a leadership decision. An older epoch than the current one is a stale decision and is ignored, as
     * Kafka ignores a LeaderAndIsr request with an older leader epoch.
     *
     * @return true if applied
     */
    boolean applyLeadership(LeaderAndIsr next, LogConfig config) {
        boolean applied;
        leadershipLock.writeLock().lock();
        try {
            LeaderAndIsr current = leadership;
            applied = current == null || next.leaderEpoch() >= current.leaderEpoch();
            if (applied) {
                if (!config.equals(log.config())) {
                    log.updateConfig(config);
                }
                boolean newTerm = current == null || next.leaderEpoch() != current.leaderEpoch();
                if (newTerm) {
                    followerEndOffsets.clear();
                }
                leadership = next;
                removed = false;
                if (next.leaderId() == localBrokerId) {
                    for (int replica : next.replicas()) {
                        if (replica != localBrokerId) {
                            followerEndOffsets.putIfAbsent(replica, UNKNOWN_END_OFFSET);
                        }
                    }
                }
            }
        } finally {
            leadershipLock.writeLock().unlock();
        }
        if (applied) {
            boolean advanced = isLeader() && maybeIncrementHighWatermark();
            events.onStateChanged(topicPartition);
            if (advanced) {
                events.onHighWatermarkAdvanced(topicPartition);
            }
        }
        return applied;
    }

    void updateConfig(LogConfig config) {
        log.updateConfig(config);
    }

    /** The partition left this broker; operations still holding it answer NOT_LEADER_OR_FOLLOWER. */
    void markRemoved() {
        leadershipLock.writeLock().lock();
        try {
            removed = true;
        } finally {
            leadershipLock.writeLock().unlock();
        }
        events.onStateChanged(topicPartition);
    }

    PartitionLog log() {
        return log;
    }

    /**
     * Appends a producer's batches as leader. For acks=all, refuses with NOT_ENOUGH_REPLICAS before writing when
     * the ISR is smaller than the topic's {@code min.insync.replicas}, as Kafka does.
     */
    public LogAppendResult appendRecordsToLeader(MemoryRecords records, short requiredAcks) {
        LogAppendResult result;
        boolean advanced;
        leadershipLock.readLock().lock();
        try {
            LeaderAndIsr current = requireLeader();
            int minIsr = log.config().minInSyncReplicas();
            if (requiredAcks == -1 && current.isr().size() < minIsr) {
                throw new NotEnoughReplicasException("The size of the current ISR " + current.isr()
                        + " is insufficient to satisfy the min.isr requirement of " + minIsr + " for partition "
                        + topicPartition);
            }
            result = log.appendAsLeader(records, current.leaderEpoch());
            advanced = maybeIncrementHighWatermark();
        } finally {
            leadershipLock.readLock().unlock();
        }
        if (advanced) {
            events.onHighWatermarkAdvanced(topicPartition);
        } else {
            events.onLogAppended(topicPartition);
        }
        return result;
    }

    /**
     * Whether an acks=all append ending before {@code requiredOffset} is committed: empty while the high
     * watermark is below it; NONE once it passed and the ISR still satisfies {@code min.insync.replicas};
     * NOT_ENOUGH_REPLICAS_AFTER_APPEND if it shrank meanwhile; NOT_LEADER_OR_FOLLOWER if leadership moved.
     */
    public Optional<Errors> checkEnoughReplicasReachOffset(long requiredOffset) {
        LeaderAndIsr current = leadership;
        if (!isLeader()) {
            return Optional.of(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        if (log.highWatermark() < requiredOffset) {
            return Optional.empty();
        }
        return Optional.of(
                current.isr().size() >= log.config().minInSyncReplicas()
                        ? Errors.NONE
                        : Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    }

    /**
     * Reads as leader, after checking the client's view of the leader epoch.
     *
     * @throws NotLeaderOrFollowerException if this replica does not lead the partition
     * @throws FencedLeaderEpochException if the client's epoch is older than the leader's
     * @throws UnknownLeaderEpochException if the client's epoch is newer than the leader's
     */
    public LogReadResult read(
            Optional<Integer> currentLeaderEpoch,
            long fetchOffset,
            int maxBytes,
            FetchIsolation isolation,
            boolean minOneMessage) {
        return underLeadership(currentLeaderEpoch, () -> log.read(fetchOffset, maxBytes, isolation, minOneMessage));
    }

    /**
     * A follower's fetch whose last fetched epoch ended before its fetch offset diverged from this log: the
     * epoch and end offset it must truncate to (KIP-320). Empty when the follower's log is consistent.
     */
    public Optional<EpochEndOffset> divergingEpoch(int lastFetchedEpoch, long fetchOffset) {
        Optional<EpochEndOffset> end = log.endOffsetForEpoch(lastFetchedEpoch);
        if (end.isEmpty()) {
            return Optional.empty();
        }
        EpochEndOffset found = end.get();
        boolean diverged = found.leaderEpoch() < lastFetchedEpoch || found.endOffset() < fetchOffset;
        return diverged ? Optional.of(found) : Optional.empty();
    }

    /**
     * Records a follower's fetch position: its log end offset is the offset it fetches from. Returns true when
     * this moved the high watermark. Expanding the ISR with a caught-up follower is the controller's decision
     * and is not made here.
     */
    public boolean updateFollowerFetchState(int replicaId, long fetchOffset) {
        if (!isLeader() || !followerEndOffsets.containsKey(replicaId)) {
            return false;
        }
        followerEndOffsets.put(replicaId, fetchOffset);
        boolean advanced = maybeIncrementHighWatermark();
        if (advanced) {
            events.onHighWatermarkAdvanced(topicPartition);
        }
        return advanced;
    }

    /**
     * ListOffsets as Kafka answers it: a consumer sees offsets below the high watermark (read_uncommitted) or
     * the last stable offset (read_committed); a replica (no isolation) up to the log end. LATEST answers that
     * bound with the current leader epoch; EARLIEST and EARLIEST_LOCAL the log start offset; a timestamp or
     * MAX_TIMESTAMP lookup only an offset below the bound.
     */
    public Optional<TimestampAndOffset> fetchOffsetForTimestamp(
            long timestamp, Optional<IsolationLevel> isolation, Optional<Integer> currentLeaderEpoch) {
        return underLeadership(currentLeaderEpoch, () -> {
            long lastFetchable = isolation
                    .map(level -> level == IsolationLevel.READ_COMMITTED ? lastStableOffset() : log.highWatermark())
                    .orElseGet(log::logEndOffset);
            if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
                if (isolation.isPresent() && log.highWatermark() < log.logStartOffset()) {
                    throw new OffsetNotAvailableException(
                            "High watermark of " + topicPartition + " is behind its log start offset");
                }
                return Optional.of(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, lastFetchable, leaderEpoch()));
            }
            if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                    || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
                return log.offsetForTimestamp(ListOffsetsRequest.EARLIEST_TIMESTAMP);
            }
            return log.offsetForTimestamp(timestamp).filter(found -> found.offset() < lastFetchable);
        });
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset}; {@code -1} means the high watermark.
     * Refused for topics that are compacted only, whose log start must not be moved by clients.
     */
    public long deleteRecordsBefore(long offset) {
        long newStart;
        leadershipLock.readLock().lock();
        try {
            requireLeader();
            if (!log.config().deletePolicy()) {
                throw new PolicyViolationException("Records of partition " + topicPartition
                        + " can not be deleted up to offset " + offset + " since the partition is compacted");
            }
            long target = offset == -1L ? log.highWatermark() : offset;
            if (target < 0 || target > log.highWatermark()) {
                throw new org.apache.kafka.common.errors.OffsetOutOfRangeException("Cannot delete records of "
                        + topicPartition + " below offset " + offset + ": it is not in [0, high watermark "
                        + log.highWatermark() + "]");
            }
            newStart = log.deleteRecordsBefore(target);
        } finally {
            leadershipLock.readLock().unlock();
        }
        events.onStateChanged(topicPartition);
        return newStart;
    }

    /**
     * OffsetForLeaderEpoch: the end offset of {@code epoch} in this log, or undefined (-1, -1) when the log
     * knows no epoch at or below it.
     */
    public EpochEndOffset lastOffsetForLeaderEpoch(Optional<Integer> currentLeaderEpoch, int epoch) {
        return underLeadership(currentLeaderEpoch, () -> log.endOffsetForEpoch(epoch)
                .orElse(new EpochEndOffset(RecordBatch.NO_PARTITION_LEADER_EPOCH, -1L)));
    }

    /** DescribeProducers, answered by the leader. */
    public List<ProducerInfo> activeProducers() {
        return underLeadership(Optional.empty(), log::activeProducers);
    }

    /**
     * The last stable offset. The log exposes it only with a read, so read nothing at the high watermark (which
     * is never below the last stable offset): an index lookup, no record data.
     */
    private long lastStableOffset() {
        return log.read(log.highWatermark(), 0, FetchIsolation.TXN_COMMITTED, false)
                .lastStableOffset();
    }

    private <T> T underLeadership(Optional<Integer> currentLeaderEpoch, Supplier<T> action) {
        leadershipLock.readLock().lock();
        try {
            LeaderAndIsr current = leadership;
            if (current != null && !removed) {
                checkLeaderEpoch(current, currentLeaderEpoch);
            }
            requireLeader();
            return action.get();
        } finally {
            leadershipLock.readLock().unlock();
        }
    }

    private void checkLeaderEpoch(LeaderAndIsr current, Optional<Integer> requested) {
        if (requested.isEmpty() || requested.get() == RecordBatch.NO_PARTITION_LEADER_EPOCH) {
            return;
        }
        int epoch = requested.get();
        if (epoch < current.leaderEpoch()) {
            throw new FencedLeaderEpochException("Leader epoch " + epoch + " of the request is older than "
                    + current.leaderEpoch() + " of partition " + topicPartition);
        }
        if (epoch > current.leaderEpoch()) {
            throw new UnknownLeaderEpochException("Leader epoch " + epoch + " of the request is newer than "
                    + current.leaderEpoch() + " of partition " + topicPartition);
        }
    }

    private LeaderAndIsr requireLeader() {
        LeaderAndIsr current = leadership;
        if (removed || current == null || current.leaderId() != localBrokerId) {
            throw new NotLeaderOrFollowerException(
                    "Broker " + localBrokerId + " is not the leader of partition " + topicPartition);
        }
        return current;
    }

    /** Moves the high watermark to the smallest end offset in the ISR if that is higher; true if it moved. */
    private boolean maybeIncrementHighWatermark() {
        synchronized (highWatermarkMonitor) {
            LeaderAndIsr current = leadership;
            if (current == null || removed || current.leaderId() != localBrokerId) {
                return false;
            }
            long candidate = log.logEndOffset();
            for (int replica : current.isr()) {
                if (replica != localBrokerId) {
                    candidate = Math.min(candidate, followerEndOffsets.getOrDefault(replica, UNKNOWN_END_OFFSET));
                }
            }
            long before = log.highWatermark();
            return candidate > before && log.updateHighWatermark(candidate) > before;
        }
    }
}
