package io.runnel.storage.segment;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment of a partition log: the {@code <baseOffset>.log} file of record batches and its indexes
 * ({@link OffsetIndex}, {@link TimeIndex}, {@link TransactionIndex}).
 *
 * <p>The .log file holds Kafka v2 record batches back to back, exactly as they travel on the wire (base offset
 * int64, length int32, partition leader epoch int32, magic int8 = 2, crc int32, attributes int16, last offset
 * delta int32, base timestamp int64, max timestamp int64, producer id int64, producer epoch int16, base sequence
 * int32, record count int32, records); offsets increase strictly from batch to batch and every offset is within
 * [baseOffset, baseOffset + 2^31).
 *
 * <p>Resources are taken on first use: the .log channel is opened when the segment is first read or appended to,
 * and the indexes map themselves when first looked up, so a log with many idle segments, or many idle logs, holds
 * few descriptors and mappings.
 *
 * <p>Not thread-safe for writers: the owning log serialises appends, truncation, recovery and closing. Reads
 * ({@link #read}, {@link #findOffsetByTimestamp}) may run concurrently with an append.
 */
public final class LogSegment implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LogSegment.class);
    private static final TimestampOffset NO_TIMESTAMP_YET = new TimestampOffset(RecordBatch.NO_TIMESTAMP, -1);
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final long baseOffset;
    private final SegmentSettings settings;
    private final Time time;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final TransactionIndex txnIndex;
    private final Object openLock = new Object();

    private volatile Path logFile;
    private volatile FileRecords records;
    private volatile long created;
    private volatile TimestampOffset maxTimestampSoFar;
    private volatile long rollingBasedTimestamp = UNKNOWN;
    private int bytesSinceLastIndexEntry;
    private final boolean newFile;

    private LogSegment(Path dir, long baseOffset, SegmentSettings settings, Time time, boolean newFile) {
        this.baseOffset = baseOffset;
        this.settings = settings;
        this.time = time;
        this.newFile = newFile;
        this.logFile = SegmentFileNames.logFile(dir, baseOffset);
        this.offsetIndex =
                new OffsetIndex(SegmentFileNames.offsetIndexFile(dir, baseOffset), baseOffset, settings.maxIndexSize());
        this.timeIndex =
                new TimeIndex(SegmentFileNames.timeIndexFile(dir, baseOffset), baseOffset, settings.maxIndexSize());
        this.txnIndex = new TransactionIndex(SegmentFileNames.txnIndexFile(dir, baseOffset), baseOffset);
        this.created = time.milliseconds();
    }

    /** Creates a new, empty segment; its .log file is created now so the segment exists on disk at once. */
    public static LogSegment create(Path dir, long baseOffset, SegmentSettings settings, Time time) {
        var segment = new LogSegment(dir, baseOffset, settings, time, true);
        segment.log();
        return segment;
    }

    /** A segment whose files exist in {@code dir}; nothing is opened or mapped yet. */
    public static LogSegment load(Path dir, long baseOffset, SegmentSettings settings, Time time) {
        return new LogSegment(dir, baseOffset, settings, time, false);
    }

    public long baseOffset() {
        return baseOffset;
    }

    public Path logFile() {
        return logFile;
    }

    public OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    public TimeIndex timeIndex() {
        return timeIndex;
    }

    public TransactionIndex txnIndex() {
        return txnIndex;
    }

    /** The .log file, opened on first use. */
    public FileRecords log() {
        var current = records;
        if (current != null) {
            return current;
        }
        synchronized (openLock) {
            if (records == null) {
                try {
                    boolean exists = !newFile || Files.exists(logFile);
                    records = FileRecords.open(
                            logFile.toFile(), exists, settings.initFileSize(), settings.preallocate() && !exists);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot open segment " + logFile, e);
                }
            }
            return records;
        }
    }

    /** Size of the .log file in bytes, without opening it. */
    public int size() {
        var current = records;
        if (current != null) {
            return current.sizeInBytes();
        }
        try {
            return (int) Files.size(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stat segment " + logFile, e);
        }
    }

    /** Whether {@code offset} can be stored relative to this segment's base offset. */
    public boolean canConvertToRelativeOffset(long offset) {
        long relative = offset - baseOffset;
        return relative >= 0 && relative <= Integer.MAX_VALUE;
    }

    /**
     * Appends batches whose offsets were already assigned and checked; adds index entries every
     * {@code index.interval.bytes} at batch boundaries.
     *
     * @param largestOffset the last offset of the records
     */
    public void append(long largestOffset, MemoryRecords batches) {
        if (batches.sizeInBytes() == 0) {
            return;
        }
        if (!canConvertToRelativeOffset(largestOffset)) {
            throw new IndexOffsetOverflowException("Offset " + largestOffset + " cannot be appended to segment "
                    + logFile + " with base offset " + baseOffset);
        }
        var log = log();
        int position = log.sizeInBytes();
        var max = maxTimestampSoFar();
        try {
            log.append(batches);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + logFile, e);
        }
        for (var batch : batches.batches()) {
            if (position == 0 && rollingBasedTimestamp == UNKNOWN) {
                rollingBasedTimestamp = batch.maxTimestamp();
            }
            if (batch.maxTimestamp() > max.timestamp()) {
                max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
            }
            if (bytesSinceLastIndexEntry > settings.indexIntervalBytes()) {
                offsetIndex.append(batch.lastOffset(), position);
                timeIndex.maybeAppend(max.timestamp(), max.offset());
                bytesSinceLastIndexEntry = 0;
            }
            position += batch.sizeInBytes();
            bytesSinceLastIndexEntry += batch.sizeInBytes();
        }
        maxTimestampSoFar = max;
    }

    /**
     * The batch holding {@code offset} (the first whose last offset is at or above it), found from the index
     * entry at or below it and a scan of at most about {@code index.interval.bytes}; null if beyond this segment.
     */
    public LogOffsetPosition translateOffset(long offset, int startingPosition) {
        var mapping = offsetIndex.lookup(offset);
        return log().searchForOffsetFromPosition(offset, Math.max(mapping.position(), startingPosition));
    }

    /**
     * Whole batches from the one holding {@code startOffset}, at most {@code maxSize} bytes (or the first batch
     * whatever its size when {@code minOneMessage}) and ending at or before {@code maxPosition}.
     *
     * @return a slice of the .log file, empty when nothing fits, or null when {@code startOffset} is beyond
     *     this segment
     */
    public FileRecords read(long startOffset, int maxSize, long maxPosition, boolean minOneMessage) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("Invalid max size " + maxSize + " for a read of " + logFile);
        }
        var start = translateOffset(startOffset, 0);
        if (start == null) {
            return null;
        }
        var log = log();
        int startPosition = start.position;
        int limit = minOneMessage ? Math.max(maxSize, start.size) : maxSize;
        long available = Math.min(maxPosition, log.sizeInBytes()) - startPosition;
        if (available <= 0 || limit == 0) {
            return log.slice(startPosition, 0);
        }
        if (available <= limit) {
            // maxPosition is a batch boundary (the end of the log or the start of the batch holding the upper
            // offset), so everything up to it is whole batches: no need to read headers.
            return log.slice(startPosition, (int) available);
        }
        int end = startPosition;
        for (var batch : log.batchesFrom(startPosition)) {
            int next = batch.position() + batch.sizeInBytes();
            if (next - startPosition > limit || next > maxPosition) {
                break;
            }
            end = next;
        }
        return log.slice(startPosition, end - startPosition);
    }

    /** The first record at or after {@code timestamp} with an offset at or above {@code startingOffset}. */
    public Optional<FileRecords.TimestampAndOffset> findOffsetByTimestamp(long timestamp, long startingOffset) {
        var entry = timeIndex.lookup(timestamp);
        int position =
                offsetIndex.lookup(Math.max(entry.offset(), startingOffset)).position();
        return Optional.ofNullable(log().searchForTimestamp(timestamp, position, startingOffset, Integer.MAX_VALUE));
    }

    /** The offset after the last batch of this segment, or the base offset when empty. */
    public long readNextOffset() {
        var last = offsetIndex.lastEntry();
        return readLog(log -> {
            long next = baseOffset;
            for (var batch : log.batchesFrom(last.position())) {
                next = batch.nextOffset();
            }
            return next;
        });
    }

    /**
     * Runs {@code reader} on the .log file without keeping it open when it is not yet: loading a log reads the
     * end of its active segment, and 10,000 logs loading must not leave 10,000 descriptors behind.
     */
    private <T> T readLog(java.util.function.Function<FileRecords, T> reader) {
        var current = records;
        if (current != null) {
            return reader.apply(current);
        }
        FileRecords temporary;
        try {
            temporary = FileRecords.open(logFile.toFile(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open segment " + logFile, e);
        }
        try {
            return reader.apply(temporary);
        } finally {
            closeQuietly(temporary);
        }
    }

    private void closeQuietly(FileRecords file) {
        try {
            // Not FileRecords.close(): that forces the file to disk, which a reader need not pay for.
            file.channel().close();
        } catch (IOException e) {
            LOG.warn("Cannot close {}: {}", logFile, e.toString());
        }
    }

    /** The largest batch max timestamp in this segment and the last offset of that batch, loaded on first use. */
    public TimestampOffset maxTimestampSoFar() {
        var current = maxTimestampSoFar;
        if (current == null) {
            var last = timeIndex.lastEntry();
            var fromIndex = last.timestamp() == RecordBatch.NO_TIMESTAMP ? NO_TIMESTAMP_YET : last;
            int position = offsetIndex.lastEntry().position();
            current = readLog(log -> {
                var max = fromIndex;
                for (var batch : log.batchesFrom(position)) {
                    if (batch.maxTimestamp() > max.timestamp()) {
                        max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
                    }
                }
                return max;
            });
            maxTimestampSoFar = current;
        }
        return current;
    }

    /**
     * The timestamp retention goes by: the largest record timestamp, or the file's modification time when no
     * record has one, as Kafka does.
     */
    public long largestTimestamp() {
        long max = maxTimestampSoFar().timestamp();
        return max >= 0 ? max : lastModified();
    }

    public long lastModified() {
        try {
            return Files.getLastModifiedTime(logFile).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stat " + logFile, e);
        }
    }

    /**
     * How long this segment has been open for time-based rolling: since its first batch's max timestamp when it
     * has one (measured against the incoming batch's timestamp, Kafka's rule, so rolling follows record time),
     * else since the segment was created (measured with the clock).
     */
    public long timeWaitedForRoll(long now, long incomingMaxTimestamp) {
        if (rollingBasedTimestamp == UNKNOWN && size() > 0) {
            var first = log().batches().iterator();
            rollingBasedTimestamp = first.hasNext() ? first.next().maxTimestamp() : RecordBatch.NO_TIMESTAMP;
        }
        long firstTimestamp = rollingBasedTimestamp;
        if (firstTimestamp != UNKNOWN && firstTimestamp >= 0) {
            return incomingMaxTimestamp - firstTimestamp;
        }
        return now - created;
    }

    /**
     * Kafka's roll rule for an append of {@code appendSize} bytes with the given max timestamp and last offset:
     * the segment is non-empty and older than {@code segment.ms} minus jitter, or the append would push it past
     * {@code segment.bytes}, or an index is full, or the last offset does not fit a relative offset.
     */
    public boolean shouldRoll(RollParams params) {
        int size = size();
        boolean reachedRollMs =
                timeWaitedForRoll(params.now(), params.maxTimestamp()) > params.segmentMs() - params.rollJitterMs();
        return (size > 0 && reachedRollMs)
                || size > params.segmentBytes() - params.appendSize()
                || (size > 0 && (offsetIndex.isFull() || timeIndex.isFull()))
                || !canConvertToRelativeOffset(params.lastOffset());
    }

    /** What {@link #shouldRoll} decides on. */
    public record RollParams(
            long segmentMs,
            long rollJitterMs,
            int segmentBytes,
            int appendSize,
            long maxTimestamp,
            long lastOffset,
            long now) {}

    /**
     * Rebuilds the indexes from the .log file, checking every batch (CRC, magic, sizes, increasing offsets within
     * range); truncates the file at the first invalid byte so that nothing invalid is ever served.
     *
     * @param onValidBatch sees each valid batch in order (producer state and leader epochs are rebuilt from them)
     * @return the number of bytes truncated
     */
    public int recover(Consumer<RecordBatch> onValidBatch) {
        offsetIndex.resize(settings.maxIndexSize());
        timeIndex.resize(settings.maxIndexSize());
        offsetIndex.reset();
        timeIndex.reset();
        txnIndex.reset();
        var log = log();
        int validBytes = 0;
        int lastIndexEntry = 0;
        long nextOffset = baseOffset;
        var max = NO_TIMESTAMP_YET;
        String problem = null;
        try {
            for (FileChannelRecordBatch batch : log.batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                    throw new CorruptRecordException("unsupported magic " + batch.magic());
                }
                batch.ensureValid();
                if (batch.baseOffset() < nextOffset || batch.lastOffset() < batch.baseOffset()) {
                    throw new CorruptRecordException("batch offsets [" + batch.baseOffset() + ", " + batch.lastOffset()
                            + "] do not follow offset " + (nextOffset - 1));
                }
                if (!canConvertToRelativeOffset(batch.lastOffset())) {
                    throw new CorruptRecordException("offset " + batch.lastOffset() + " overflows the segment");
                }
                if (batch.maxTimestamp() > max.timestamp()) {
                    max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
                }
                if (validBytes - lastIndexEntry > settings.indexIntervalBytes()) {
                    offsetIndex.append(batch.lastOffset(), validBytes);
                    timeIndex.maybeAppend(max.timestamp(), max.offset());
                    lastIndexEntry = validBytes;
                }
                validBytes += batch.sizeInBytes();
                nextOffset = batch.nextOffset();
                onValidBatch.accept(batch);
            }
        } catch (CorruptRecordException | InvalidRecordException e) {
            problem = e.getMessage();
        }
        int truncated = log.sizeInBytes() - validBytes;
        if (truncated > 0) {
            LOG.warn(
                    "Truncating {} invalid bytes of {} at byte position {} (after offset {}): {}",
                    truncated,
                    logFile,
                    validBytes,
                    nextOffset - 1,
                    problem == null ? "incomplete batch at the end of the file" : problem);
            try {
                log.truncateTo(validBytes);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot truncate " + logFile, e);
            }
        }
        maxTimestampSoFar = max;
        rollingBasedTimestamp = UNKNOWN;
        bytesSinceLastIndexEntry = validBytes - lastIndexEntry;
        // Left as a closed segment's indexes would be; the log resizes the active segment's again.
        if (max.timestamp() != RecordBatch.NO_TIMESTAMP) {
            timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
        return truncated;
    }

    /**
     * Removes the batch holding {@code offset} and everything after it; the segment becomes the active one, so
     * its indexes get their full size back.
     *
     * @return the number of bytes removed
     */
    public int truncateTo(long offset) {
        var mapping = translateOffset(offset, 0);
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        txnIndex.truncateTo(offset);
        offsetIndex.resize(settings.maxIndexSize());
        timeIndex.resize(settings.maxIndexSize());
        int truncated = 0;
        if (mapping != null) {
            try {
                truncated = log().truncateTo(mapping.position);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot truncate " + logFile + " to offset " + offset, e);
            }
        }
        if (size() == 0) {
            created = time.milliseconds();
        }
        rollingBasedTimestamp = UNKNOWN;
        maxTimestampSoFar = null;
        bytesSinceLastIndexEntry = size() - offsetIndex.lastEntry().position();
        return truncated;
    }

    /** Gives the indexes back their preallocated size: this segment is (again) the active one. */
    public void resizeIndexes(int maxIndexSize) {
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
    }

    /**
     * The segment stops being the active one: the time index gets a last entry for the segment's max timestamp
     * (so time lookups and retention need not scan the log), the indexes lose their preallocated tail and a
     * preallocated .log file its unused bytes.
     */
    public void onBecomeInactiveSegment() {
        var max = maxTimestampSoFar();
        if (max.timestamp() != RecordBatch.NO_TIMESTAMP) {
            timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
        createIndexFilesIfData();
        try {
            log().trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot trim " + logFile, e);
        }
    }

    /** A segment with data has its index files, even when they hold no entry, as Kafka's do. */
    private void createIndexFilesIfData() {
        if (size() > 0) {
            offsetIndex.createIfAbsent();
            timeIndex.createIfAbsent();
        }
    }

    /** Checks the indexes against their invariants (see {@link IndexFile#sanityCheck()}). */
    public void sanityCheckIndexes() {
        offsetIndex.sanityCheck();
        timeIndex.sanityCheck();
        long logSize = size();
        var last = offsetIndex.lastEntry();
        if (last.position() > logSize) {
            throw new CorruptIndexException("Index " + offsetIndex.file() + " points at position " + last.position()
                    + " beyond the end " + logSize + " of " + logFile);
        }
        offsetIndex.close();
        timeIndex.close();
    }

    public void flush() {
        try {
            var current = records;
            if (current != null) {
                current.flush();
            }
            offsetIndex.flush();
            timeIndex.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot flush " + logFile, e);
        }
    }

    /** Renames every file of this segment from {@code oldSuffix} to {@code newSuffix} (e.g. to .deleted). */
    public void changeFileSuffixes(String oldSuffix, String newSuffix) throws IOException {
        var target = renamed(logFile, oldSuffix, newSuffix);
        var current = records;
        if (current != null) {
            current.renameTo(target.toFile());
        } else if (Files.exists(logFile)) {
            Files.move(logFile, target);
        }
        logFile = target;
        offsetIndex.renameTo(renamed(offsetIndex.file(), oldSuffix, newSuffix));
        timeIndex.renameTo(renamed(timeIndex.file(), oldSuffix, newSuffix));
        txnIndex.renameTo(renamed(txnIndex.file(), oldSuffix, newSuffix));
    }

    private static Path renamed(Path file, String oldSuffix, String newSuffix) {
        var base = oldSuffix.isEmpty() ? file : SegmentFileNames.withoutSuffix(file, oldSuffix);
        return SegmentFileNames.withSuffix(base, newSuffix);
    }

    /** Closes and deletes every file of this segment. */
    public void deleteIfExists() throws IOException {
        closeHandlers();
        Files.deleteIfExists(logFile);
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        txnIndex.deleteIfExists();
    }

    /** Closes the segment cleanly: indexes trimmed to their entries, mappings released, channel closed. */
    @Override
    public void close() {
        if (records != null && maxTimestampSoFar != null) {
            var max = maxTimestampSoFar;
            if (max.timestamp() != RecordBatch.NO_TIMESTAMP) {
                timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
            }
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
        createIndexFilesIfData();
        closeHandlers();
    }

    /** Releases descriptors and mappings without touching the files. */
    public void closeHandlers() {
        offsetIndex.close();
        timeIndex.close();
        synchronized (openLock) {
            var current = records;
            records = null;
            if (current != null) {
                if (settings.preallocate()) {
                    try {
                        current.trim();
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot trim " + logFile, e);
                    }
                }
                // Not FileRecords.close(), which fsyncs: a clean close flushed already, a crash-like close must not.
                closeQuietly(current);
            }
        }
    }

    @Override
    public String toString() {
        return "LogSegment(" + logFile + ")";
    }
}
