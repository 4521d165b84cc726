package io.runnel.storage.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;

import io.runnel.storage.EpochEndOffset;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogAppendResult;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogReadResult;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.ProducerInfo;
import io.runnel.storage.TimestampAndOffset;
import io.runnel.storage.epoch.LeaderEpochCache;
import io.runnel.storage.producer.ProducerStateTable;
import io.runnel.storage.segment.LogSegment;
import io.runnel.storage.segment.SegmentFileNames;
import io.runnel.storage.segment.SegmentSettings;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition log made of {@link LogSegment}s in one directory ({@code <topic>-<partition>}), Kafka's UnifiedLog
 * without tiered storage.
 *
 * <p>Segments are kept in a skip-list map by base offset: a read finds its segment by a floor lookup without any
 * lock. Appends, rolls, truncation and retention take this log's lock only. The log end offset and its file
 * position are published after each append ({@link LogEndPosition}), so a concurrent read sees whole batches only.
 *
 * <p>Deleted segments are first renamed to {@code *.deleted} and removed {@code file.delete.delay.ms} later on the
 * scheduler, so a reader still sending a slice of them is not cut off.
 */
public final class SegmentedLog implements PartitionLog {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);

    private final Path dir;
    private final TopicPartition topicPartition;
    private final Time time;
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final BatchValidator validator;
    private final ProducerStateTable producerState;
    private final LeaderEpochCache epochCache;
    private final long rollJitterMs;

    private volatile LogConfig config;
    /** Derived from {@link #config} whenever it is set. */
    private volatile LogSegment.RollLimits rollLimits;

    private volatile long logStartOffset;
    private volatile LogEndPosition end;
    private volatile long highWatermark;
    private volatile long recoveryPoint;
    private volatile boolean closed;
    private long unflushedMessages;
    private volatile long lastFlushMs;

    private SegmentedLog(
            Path dir,
            TopicPartition topicPartition,
            LogConfig config,
            Time time,
            ScheduledExecutorService scheduler,
            ProducerStateTable producerState,
            LeaderEpochCache epochCache,
            LogRecovery.Loaded loaded,
            long highWatermark) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.time = time;
        this.scheduler = scheduler;
        this.producerState = producerState;
        this.epochCache = epochCache;
        this.segments = loaded.segments();
        this.validator = new BatchValidator(topicPartition, time);
        this.logStartOffset = loaded.logStartOffset();
        this.recoveryPoint = loaded.recoveryPoint();
        this.rollJitterMs = randomJitter(config);
        this.rollLimits = rollLimits(config);
        this.lastFlushMs = time.milliseconds();
        publishEnd(loaded.logEndOffset());
        this.highWatermark = clamp(highWatermark);
    }

    /**
     * Opens (and recovers if needed) the log in {@code dir}, creating it when empty.
     *
     * @param logStartOffset checkpointed log start offset (0 if none)
     * @param recoveryPoint checkpointed recovery point (0 if none)
     * @param highWatermark checkpointed high watermark (0 if none)
     * @param hadCleanShutdown whether the log directory was closed cleanly
     */
    public static SegmentedLog open(
            Path dir,
            TopicPartition topicPartition,
            LogConfig config,
            Time time,
            ScheduledExecutorService scheduler,
            long logStartOffset,
            long recoveryPoint,
            long highWatermark,
            boolean hadCleanShutdown) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot create log directory " + dir + ": " + e, e);
        }
        var producerState =
                new ProducerStateTable(dir, topicPartition, time, ProducerStateTable.DEFAULT_PRODUCER_ID_EXPIRATION_MS);
        var epochCache = LeaderEpochCache.load(dir.resolve(LeaderEpochCache.CHECKPOINT_FILE_NAME));
        var loaded = new LogRecovery(dir, config, time, producerState, epochCache)
                .load(logStartOffset, recoveryPoint, hadCleanShutdown);
        return new SegmentedLog(
                dir, topicPartition, config, time, scheduler, producerState, epochCache, loaded, highWatermark);
    }

    /** Kafka's jitter: uniform in [0, min(segment.jitter.ms, segment.ms)), fixed for the life of the log. */
    private static long randomJitter(LogConfig config) {
        long bound = Math.min(config.segmentJitterMs(), config.segmentMs());
        return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public TopicPartition topicPartition() {
        return topicPartition;
    }

    @Override
    public LogConfig config() {
        return config;
    }

    @Override
    public void updateConfig(LogConfig config) {
        this.rollLimits = rollLimits(config);
        this.config = config;
    }

    private LogSegment.RollLimits rollLimits(LogConfig config) {
        return new LogSegment.RollLimits(config.segmentMs(), rollJitterMs, config.segmentBytes());
    }

    /** The jitter subtracted from {@code segment.ms} for this log. */
    public long rollJitterMs() {
        return rollJitterMs;
    }

    // ---------------------------------------------------------------------------------------------- appends

    @Override
    public LogAppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) {
        lock.lock();
        try {
            ensureOpen();
            var config = this.config;
            long firstOffset = end.offset();
            var validated = validator.validateAndAssignOffsets(records, firstOffset, leaderEpoch, config);
            var producerAppend = producerState.prepareAppend();
            for (var batch : validated.batches()) {
                var duplicate = producerAppend.check(batch);
                if (duplicate.isPresent()) {
                    var original = duplicate.get();
                    return new LogAppendResult(
                            original.firstOffset(),
                            original.lastOffset(),
                            config.timestampType() == TimestampType.LOG_APPEND_TIME
                                    ? original.timestamp()
                                    : RecordBatch.NO_TIMESTAMP,
                            logStartOffset,
                            (int) (original.lastOffset() - original.firstOffset() + 1),
                            true);
                }
                producerAppend.stage(batch, batch.baseOffset(), batch.lastOffset());
            }
            if (leaderEpoch >= 0) {
                assignEpoch(leaderEpoch, firstOffset);
            }
            write(validated);
            producerAppend.commit();
            afterAppend(validated.recordCount());
            return new LogAppendResult(
                    validated.firstOffset(),
                    validated.lastOffset(),
                    validated.logAppendTime(),
                    logStartOffset,
                    validated.recordCount(),
                    false);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LogAppendResult appendAsFollower(MemoryRecords records) {
        lock.lock();
        try {
            ensureOpen();
            var validated = validator.validateReplicated(records, end.offset());
            if (validated.batchCount() == 0) {
                return new LogAppendResult(end.offset(), end.offset() - 1, -1, logStartOffset, 0, false);
            }
            for (var batch : validated.batches()) {
                if (batch.partitionLeaderEpoch() >= 0) {
                    assignEpoch(batch.partitionLeaderEpoch(), batch.baseOffset());
                }
            }
            write(validated);
            for (var batch : validated.batches()) {
                producerState.replay(batch);
            }
            afterAppend(validated.recordCount());
            return new LogAppendResult(
                    validated.firstOffset(),
                    validated.lastOffset(),
                    RecordBatch.NO_TIMESTAMP,
                    logStartOffset,
                    validated.recordCount(),
                    false);
        } finally {
            lock.unlock();
        }
    }

    private void assignEpoch(int epoch, long startOffset) {
        var latest = epochCache.latestEpoch();
        if (latest.isEmpty() || epoch > latest.get()) {
            epochCache.assign(epoch, startOffset);
        }
    }

    /** Writes validated batches to the active segment, rolling first if needed; publishes the new end. */
    private void write(ValidatedRecords validated) {
        var records = validated.records();
        long lastOffset = validated.lastOffset();
        var segment = maybeRoll(records.sizeInBytes(), validated.maxTimestamp(), validated.firstOffset(), lastOffset);
        int sizeBefore = segment.size();
        try {
            segment.append(lastOffset, records, validated.batches());
        } catch (RuntimeException e) {
            // Never leave a partial append behind the log end: the next append would follow garbage.
            try {
                segment.log().truncateTo(sizeBefore);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new KafkaStorageException("Error appending to " + segment.logFile() + ": " + e, e);
        }
        publishEnd(lastOffset + 1, segment);
    }

    private void afterAppend(int recordCount) {
        unflushedMessages += recordCount;
        if (unflushedMessages >= config.flushMessages()) {
            flush();
        }
    }

    private void publishEnd(long offset) {
        publishEnd(offset, segments.lastEntry().getValue());
    }

    private void publishEnd(long offset, LogSegment active) {
        end = new LogEndPosition(offset, active.baseOffset(), active.size());
    }

    // ---------------------------------------------------------------------------------------------- rolling

    private LogSegment maybeRoll(int appendSize, long maxTimestamp, long firstOffset, long lastOffset) {
        var active = segments.lastEntry().getValue();
        if (!active.shouldRoll(rollLimits, appendSize, maxTimestamp, lastOffset, time.milliseconds())) {
            return active;
        }
        // The new segment starts at the append's first offset: the log end for a leader, possibly beyond it for a
        // follower whose leader's log has a gap, which is how an offset overflow is cured.
        return roll(Math.max(end.offset(), firstOffset));
    }

    /** Starts a new active segment at {@code newBaseOffset} (the log end offset). */
    public LogSegment roll(long newBaseOffset) {
        lock.lock();
        try {
            var active = segments.lastEntry().getValue();
            if (active.baseOffset() == newBaseOffset && active.size() == 0) {
                return active;
            }
            active.onBecomeInactiveSegment();
            var segment = LogSegment.create(dir, newBaseOffset, SegmentSettings.from(config), time);
            segments.put(newBaseOffset, segment);
            publishEnd(end.offset());
            producerState.updateMapEndOffset(newBaseOffset);
            producerState.takeSnapshot(newBaseOffset);
            LOG.debug("Rolled {} to a new segment at offset {}", topicPartition, newBaseOffset);
            // Kafka flushes the finished segment in the background so appends need not wait for the fsync.
            scheduler.execute(() -> flushUpTo(newBaseOffset));
            return segment;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- reads

    @Override
    public LogReadResult read(long fetchOffset, int maxBytes, FetchIsolation isolation, boolean minOneMessage) {
        // A read after close would reopen segment files nobody closes again.
        ensureOpen();
        var end = this.end;
        long start = logStartOffset;
        long hw = highWatermark;
        long lso = lastStableOffset(hw);
        long upper =
                switch (isolation) {
                    case LOG_END -> end.offset();
                    case HIGH_WATERMARK -> hw;
                    case TXN_COMMITTED -> lso;
                };
        if (fetchOffset < start || fetchOffset > end.offset()) {
            throw new OffsetOutOfRangeException("Received request for offset " + fetchOffset + " for partition "
                    + topicPartition + ", but we only have log segments in the range [" + start + ", "
                    + end.offset() + "].");
        }
        if (fetchOffset < upper) {
            var entry = segments.floorEntry(fetchOffset);
            while (entry != null && entry.getKey() < upper) {
                var segment = entry.getValue();
                var slice = segment.read(fetchOffset, maxBytes, maxPosition(segment, upper, end), minOneMessage);
                if (slice != null) {
                    var records = slice.sizeInBytes() == 0 ? MemoryRecords.EMPTY : slice;
                    return new LogReadResult(records, hw, lso, start, end.offset(), List.of());
                }
                entry = segments.higherEntry(entry.getKey());
            }
        }
        return new LogReadResult(MemoryRecords.EMPTY, hw, lso, start, end.offset(), List.of());
    }

    /** The file position in {@code segment} that a read bounded by offset {@code upper} must stop at. */
    private long maxPosition(LogSegment segment, long upper, LogEndPosition end) {
        if (segment.baseOffset() == end.segmentBaseOffset() && upper == end.offset()) {
            return end.position();
        }
        var next = segments.higherKey(segment.baseOffset());
        if (next != null && next <= upper) {
            return segment.baseOffset() == end.segmentBaseOffset() ? end.position() : Long.MAX_VALUE;
        }
        var batch = segment.translateOffset(upper, 0);
        if (batch != null) {
            return batch.position;
        }
        return segment.baseOffset() == end.segmentBaseOffset() ? end.position() : Long.MAX_VALUE;
    }

    private long lastStableOffset(long hw) {
        var firstUndecided = producerState.firstUndecidedOffset();
        return firstUndecided.isPresent() ? Math.min(hw, firstUndecided.getAsLong()) : hw;
    }

    @Override
    public long logStartOffset() {
        return logStartOffset;
    }

    @Override
    public long logEndOffset() {
        return end.offset();
    }

    @Override
    public long highWatermark() {
        return highWatermark;
    }

    /** The offset below which every record was flushed to disk. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    @Override
    public long updateHighWatermark(long highWatermark) {
        lock.lock();
        try {
            this.highWatermark = clamp(highWatermark);
            return this.highWatermark;
        } finally {
            lock.unlock();
        }
    }

    private long clamp(long offset) {
        return Math.max(logStartOffset, Math.min(offset, end.offset()));
    }

    @Override
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) {
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            long start = logStartOffset;
            return Optional.of(new TimestampAndOffset(
                    RecordBatch.NO_TIMESTAMP,
                    start,
                    epochCache.epochForOffset(start).orElse(-1)));
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(
                    RecordBatch.NO_TIMESTAMP,
                    end.offset(),
                    epochCache.latestEpoch().orElse(-1)));
        }
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            return maxTimestampAndOffset();
        }
        if (timestamp < 0) {
            // LATEST_TIERED and other tiered-storage lookups: there is no remote log.
            return Optional.of(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, -1, -1));
        }
        long start = logStartOffset;
        for (var segment : segments.values()) {
            if (segment.maxTimestampSoFar().timestamp() >= timestamp) {
                var found = segment.findOffsetByTimestamp(timestamp, start);
                if (found.isPresent()) {
                    var result = found.get();
                    return Optional.of(
                            new TimestampAndOffset(result.timestamp, result.offset, result.leaderEpoch.orElse(-1)));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<TimestampAndOffset> maxTimestampAndOffset() {
        LogSegment best = null;
        long bestTimestamp = RecordBatch.NO_TIMESTAMP;
        for (var segment : segments.values()) {
            long ts = segment.maxTimestampSoFar().timestamp();
            if (ts > bestTimestamp) {
                bestTimestamp = ts;
                best = segment;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        var max = best.maxTimestampSoFar();
        int position = best.offsetIndex().lookup(max.offset()).position();
        for (var batch : best.log().batchesFrom(position)) {
            if (batch.maxTimestamp() == max.timestamp()) {
                var offset = batch.offsetOfMaxTimestamp(batch.magic());
                if (offset.isPresent()) {
                    return Optional.of(
                            new TimestampAndOffset(max.timestamp(), offset.get(), batch.partitionLeaderEpoch()));
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------- log start/end

    @Override
    public long deleteRecordsBefore(long offset) {
        lock.lock();
        try {
            ensureOpen();
            long target = offset == -1L ? highWatermark : offset;
            if (target > highWatermark || target < 0) {
                throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + target
                        + " of partition " + topicPartition + " since it is larger than the high watermark "
                        + highWatermark);
            }
            if (target > logStartOffset) {
                logStartOffset = target;
                epochCache.truncateFromStart(target);
            }
            return logStartOffset;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void truncateTo(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot truncate " + topicPartition + " to negative offset " + offset);
        }
        lock.lock();
        try {
            ensureOpen();
            if (offset >= end.offset()) {
                return;
            }
            if (offset < segments.firstKey()) {
                truncateFullyAndStartAt(offset);
                return;
            }
            LOG.info("Truncating {} to offset {} (log end was {})", topicPartition, offset, end.offset());
            var later = new ArrayList<>(segments.tailMap(offset, false).values());
            for (var segment : later) {
                segments.remove(segment.baseOffset());
                deleteAsync(segment);
            }
            var active = segments.lastEntry().getValue();
            active.truncateTo(offset);
            long newEnd = active.readNextOffset();
            publishEnd(newEnd);
            epochCache.truncateFromEnd(newEnd);
            producerState.deleteSnapshotsAbove(newEnd);
            rebuildProducerStateTo(newEnd);
            highWatermark = Math.min(highWatermark, newEnd);
            recoveryPoint = Math.min(recoveryPoint, newEnd);
        } finally {
            lock.unlock();
        }
    }

    /** Producer state after a truncation: the newest snapshot at or below the new end, then replay. */
    private void rebuildProducerStateTo(long newEnd) {
        long from = Math.max(producerState.loadLatestSnapshotAtOrBelow(newEnd), logStartOffset);
        var firstKey = segments.floorKey(from);
        var tail = firstKey == null ? segments : segments.tailMap(firstKey, true);
        for (var segment : tail.values()) {
            for (var batch : segment.log().batches()) {
                if (batch.lastOffset() >= from && batch.lastOffset() < newEnd) {
                    producerState.replay(batch);
                }
            }
        }
        producerState.updateMapEndOffset(newEnd);
    }

    @Override
    public void truncateFullyAndStartAt(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot restart " + topicPartition + " at negative offset " + offset);
        }
        lock.lock();
        try {
            ensureOpen();
            LOG.info("Truncating {} fully and restarting it at offset {}", topicPartition, offset);
            var all = new ArrayList<>(segments.values());
            segments.clear();
            for (var segment : all) {
                deleteAsync(segment);
            }
            segments.put(offset, LogSegment.create(dir, offset, SegmentSettings.from(config), time));
            epochCache.clear();
            producerState.truncateFullyAndStartAt(offset);
            logStartOffset = offset;
            publishEnd(offset);
            highWatermark = offset;
            recoveryPoint = offset;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Integer> latestEpoch() {
        return epochCache.latestEpoch();
    }

    @Override
    public Optional<EpochEndOffset> endOffsetForEpoch(int epoch) {
        return epochCache.endOffsetFor(epoch, end.offset());
    }

    @Override
    public List<ProducerInfo> activeProducers() {
        return producerState.activeProducers();
    }

    // ---------------------------------------------------------------------------------------------- retention

    @Override
    public int deleteRetainedSegments() {
        lock.lock();
        try {
            ensureOpen();
            var config = this.config;
            int deleted = 0;
            if (config.deletePolicy()) {
                deleted += deleteRetentionMsBreached(config);
                deleted += deleteRetentionSizeBreached(config);
            }
            deleted += deleteOldSegments((segment, next) -> next != null && next <= logStartOffset, "log start offset");
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    private int deleteRetentionMsBreached(LogConfig config) {
        long retentionMs = config.retentionMs();
        if (retentionMs < 0) {
            return 0;
        }
        long now = time.milliseconds();
        return deleteOldSegments(
                (segment, next) -> now - segment.largestTimestamp() > retentionMs, "retention.ms " + retentionMs);
    }

    private int deleteRetentionSizeBreached(LogConfig config) {
        long retentionBytes = config.retentionBytes();
        long size = sizeInBytes();
        if (retentionBytes < 0 || size < retentionBytes) {
            return 0;
        }
        long[] diff = {size - retentionBytes};
        return deleteOldSegments(
                (segment, next) -> {
                    if (diff[0] - segment.size() >= 0) {
                        diff[0] -= segment.size();
                        return true;
                    }
                    return false;
                },
                "retention.bytes " + retentionBytes);
    }

    /**
     * Deletes the oldest segments while {@code predicate(segment, nextSegmentBaseOffset)} holds, as Kafka does:
     * only segments wholly below the high watermark, never an empty active segment; when every segment qualifies,
     * a new active segment is rolled first so the log keeps one.
     */
    private int deleteOldSegments(BiPredicate<LogSegment, Long> predicate, String reason) {
        var deletable = new ArrayList<LogSegment>();
        var iterator = segments.values().iterator();
        LogSegment segment = iterator.hasNext() ? iterator.next() : null;
        while (segment != null) {
            LogSegment next = iterator.hasNext() ? iterator.next() : null;
            boolean lastAndEmpty = next == null && segment.size() == 0;
            long upper = next == null ? end.offset() : next.baseOffset();
            if (!lastAndEmpty
                    && highWatermark >= upper
                    && predicate.test(segment, next == null ? null : next.baseOffset())) {
                deletable.add(segment);
                segment = next;
            } else {
                segment = null;
            }
        }
        if (deletable.isEmpty()) {
            return 0;
        }
        if (deletable.size() == segments.size()) {
            roll(end.offset());
        }
        for (var old : deletable) {
            LOG.info("Deleting segment {} of {} (breached {})", old.baseOffset(), topicPartition, reason);
            segments.remove(old.baseOffset());
            deleteAsync(old);
        }
        long newStart = Math.max(logStartOffset, segments.firstKey());
        if (newStart > logStartOffset) {
            logStartOffset = newStart;
            epochCache.truncateFromStart(newStart);
        }
        producerState.deleteSnapshotsBelow(segments.firstKey());
        return deletable.size();
    }

    /** Renames a removed segment's files to {@code .deleted} now and deletes them after the delay. */
    private void deleteAsync(LogSegment segment) {
        try {
            segment.changeFileSuffixes("", SegmentFileNames.DELETED_SUFFIX);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot rename " + segment.logFile() + " for deletion: " + e, e);
        }
        scheduler.schedule(
                () -> {
                    try {
                        segment.deleteIfExists();
                    } catch (IOException | UncheckedIOException e) {
                        LOG.warn("Cannot delete {}: {}", segment.logFile(), e.toString());
                    }
                },
                config.fileDeleteDelayMs(),
                TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------------------------------------- flush, close

    @Override
    public void flush() {
        flushUpTo(end.offset());
    }

    /** Flushes when {@code flush.ms} has elapsed since the last flush (the periodic flush check). */
    public void flushIfDue() {
        long flushMs = config.flushMs();
        if (flushMs != Long.MAX_VALUE && time.milliseconds() - lastFlushMs >= flushMs && recoveryPoint < end.offset()) {
            flush();
        }
    }

    /** Forces the segments holding offsets below {@code offset} to disk and moves the recovery point to it. */
    private void flushUpTo(long offset) {
        if (offset <= recoveryPoint || closed) {
            return;
        }
        for (var entry : segments.headMap(offset).entrySet()) {
            try {
                entry.getValue().flush();
            } catch (UncheckedIOException e) {
                if (closed) {
                    return;
                }
                if (segments.get(entry.getKey()) == entry.getValue()) {
                    throw new KafkaStorageException(
                            "Error flushing " + entry.getValue().logFile() + ": " + e, e);
                }
                // The segment was deleted meanwhile: nothing left to flush.
            }
        }
        // Appends below the new recovery point are never recovered again, so the epochs they assigned, which the
        // append path leaves unwritten, must be on disk before the recovery point moves.
        epochCache.flush();
        lock.lock();
        try {
            if (offset > recoveryPoint) {
                recoveryPoint = Math.min(offset, end.offset());
            }
            unflushedMessages = 0;
            lastFlushMs = time.milliseconds();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long sizeInBytes() {
        long size = 0;
        for (var segment : segments.values()) {
            size += segment.size();
        }
        return size;
    }

    /** The segments, oldest first (a snapshot). */
    public List<LogSegment> segments() {
        return List.copyOf(segments.values());
    }

    /** Removes producer ids idle for longer than the expiration (periodic task). */
    public void expireProducers() {
        producerState.expireProducers(time.milliseconds());
    }

    /**
     * Flushes, snapshots producer state at the log end (only when there is any, or an older snapshot that would
     * otherwise be loaded and replayed from: a clean start without snapshot means no producer state) and closes the
     * segments, trimming their indexes.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            flush();
            epochCache.flush();
            long end = this.end.offset();
            if (producerState.producerCount() > 0
                    || producerState.latestSnapshotOffset().isPresent()) {
                producerState.updateMapEndOffset(end);
                producerState.takeSnapshot(end);
            }
            closed = true;
            for (var segment : segments.values()) {
                segment.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Releases files without flushing or snapshotting (the log's directory is about to be deleted). */
    public void closeHandlers() {
        lock.lock();
        try {
            closed = true;
            segments.values().forEach(LogSegment::closeHandlers);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaStorageException("The log of " + topicPartition + " in " + dir + " is closed");
        }
    }

    @Override
    public String toString() {
        return "SegmentedLog(" + topicPartition + ", " + dir + ", start=" + logStartOffset + ", end=" + end.offset()
                + ")";
    }
}
