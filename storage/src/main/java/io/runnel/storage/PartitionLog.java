package io.runnel.storage;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * One partition's log, as the rest of Runnel sees it: append record batches, read them back as file slices that
 * can be sent with {@code sendfile}, look offsets up by time, move the start and the end of the log.
 *
 * <p>Errors a client must see are thrown as kafka-clients' {@link org.apache.kafka.common.errors.ApiException}
 * subclasses (the request layer turns them into error codes with {@code Errors.forException}); a batch rejected
 * for particular records throws {@link RecordsRejectedException}, which carries the per-record errors of Produce
 * v8+. A failed append leaves the log unchanged.
 *
 * <p>Thread-safety: appends, truncation and retention are serialised per log; reads may run concurrently with an
 * append and see a prefix of it, never a partial batch.
 */
public interface PartitionLog extends Closeable {

    TopicPartition topicPartition();

    LogConfig config();

    /** Applies changed topic configs to this live log (retention, segment size, ...); no restart needed. */
    void updateConfig(LogConfig config);

    /**
     * Validates and appends batches produced by a client: assigns offsets, stamps {@code leaderEpoch} into each
     * batch, applies LogAppendTime if the topic uses it, and checks idempotent-producer sequences. A retried
     * duplicate batch is not written again; its original offsets are returned.
     */
    LogAppendResult appendAsLeader(MemoryRecords records, int leaderEpoch);

    /** Appends batches copied from the leader, keeping their offsets (replication). */
    LogAppendResult appendAsFollower(MemoryRecords records);

    /**
     * Reads from {@code fetchOffset} up to about {@code maxBytes} of whole batches, bounded by the isolation's
     * upper offset. With {@code minOneMessage} the first batch is returned even when larger than
     * {@code maxBytes}, as Kafka does so a consumer can always make progress.
     *
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException when fetchOffset is below the log start
     *     offset or above the log end offset
     */
    LogReadResult read(long fetchOffset, int maxBytes, FetchIsolation isolation, boolean minOneMessage);

    long logStartOffset();

    /** The offset the next appended record will get. */
    long logEndOffset();

    /** The offset below which records are committed (replicated to the ISR); consumers read up to it. */
    long highWatermark();

    /** Moves the high watermark, clamped to [logStartOffset, logEndOffset]; returns the value it now has. */
    long updateHighWatermark(long highWatermark);

    /**
     * ListOffsets: the first offset whose timestamp is at or after {@code timestamp}, or one of the special
     * timestamps of ListOffsets ({@code -2} earliest, {@code -1} latest, {@code -3} max timestamp, {@code -4}
     * earliest local, {@code -5} latest tiered). Empty when no record qualifies.
     */
    Optional<TimestampAndOffset> offsetForTimestamp(long timestamp);

    /**
     * DeleteRecords: raises the log start offset to {@code offset} (no-op if already higher) and lets retention
     * delete the segments wholly below it.
     *
     * @return the new log start offset
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException if offset is above the high watermark
     */
    long deleteRecordsBefore(long offset);

    /** Removes everything at and above {@code offset} (a follower diverged from its leader). */
    void truncateTo(long offset);

    /** Empties the log and restarts it at {@code offset}. */
    void truncateFullyAndStartAt(long offset);

    /** The latest leader epoch that appended to this log, if any. */
    Optional<Integer> latestEpoch();

    /**
     * OffsetForLeaderEpoch: the end offset of {@code epoch} (the start offset of the next higher epoch, or the
     * log end offset for the latest) and the largest epoch at or below the requested one.
     */
    Optional<EpochEndOffset> endOffsetForEpoch(int epoch);

    /** DescribeProducers: the idempotent/transactional producers with state in this log. */
    List<ProducerInfo> activeProducers();

    /** Deletes segments past their retention (time, size, log start offset); returns how many. */
    int deleteRetainedSegments();

    /** Forces written data to disk and advances the recovery point. */
    void flush();

    /** Size of all segments in bytes. */
    long sizeInBytes();

    /** Closes the log cleanly (indexes trimmed, producer snapshot written). */
    @Override
    void close();
}
