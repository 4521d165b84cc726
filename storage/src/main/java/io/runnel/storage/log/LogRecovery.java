package io.runnel.storage.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import io.runnel.storage.LogConfig;
import io.runnel.storage.epoch.LeaderEpochCache;
import io.runnel.storage.producer.ProducerStateTable;
import io.runnel.storage.segment.CorruptIndexException;
import io.runnel.storage.segment.LogSegment;
import io.runnel.storage.segment.SegmentFileNames;
import io.runnel.storage.segment.SegmentSettings;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a partition directory into segments, recovering what an unclean stop may have left inconsistent. The rules
 * (Kafka's LogLoader, simplified where Runnel never writes the files in question):
 *
 * <ol>
 *   <li>Leftovers: {@code *.tmp}, {@code *.cleaned} and {@code *.deleted} files are deleted (the operations that
 *       wrote them did not complete, or completed and only the removal was pending). A {@code .log.swap} file
 *       completes its swap: it replaces the segment of the same base offset, whose indexes are rebuilt; other swap
 *       files are deleted. Index files without a .log file are deleted.
 *   <li>Every segment's indexes are sanity-checked ({@link LogSegment#sanityCheckIndexes}) even after a clean
 *       stop; a missing or corrupt index is rebuilt from the .log file.
 *   <li>After an unclean stop (no clean-shutdown marker), every segment from the one holding the recovery point to
 *       the end is re-validated batch by batch ({@link LogSegment#recover}): the first invalid byte and everything
 *       after it, including later segments, is removed and the truncation logged, so nothing invalid is served.
 *   <li>Producer state is loaded from the newest snapshot at or below the log end and the batches after it are
 *       replayed; after a clean stop without any snapshot there was no producer state to keep.
 *   <li>The leader-epoch cache forgets epochs starting at or beyond the log end and below the log start.
 * </ol>
 */
public final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    private final Path dir;
    private final SegmentSettings settings;
    private final Time time;
    private final ProducerStateTable producerState;
    private final LeaderEpochCache epochCache;

    /** What loading produced. */
    public record Loaded(
            ConcurrentSkipListMap<Long, LogSegment> segments,
            long logStartOffset,
            long logEndOffset,
            long recoveryPoint) {}

    public LogRecovery(
            Path dir, LogConfig config, Time time, ProducerStateTable producerState, LeaderEpochCache epochCache) {
        this.dir = dir;
        this.settings = SegmentSettings.from(config);
        this.time = time;
        this.producerState = producerState;
        this.epochCache = epochCache;
    }

    /**
     * @param logStartOffsetCheckpoint the checkpointed log start offset, or 0
     * @param recoveryPointCheckpoint the checkpointed recovery point: below it everything was flushed
     * @param hadCleanShutdown whether the log directory had its clean-shutdown marker
     */
    public Loaded load(long logStartOffsetCheckpoint, long recoveryPointCheckpoint, boolean hadCleanShutdown) {
        try {
            if (list().isEmpty()) {
                return createEmpty(logStartOffsetCheckpoint);
            }
            removeLeftovers();
            var segments = loadSegments();
            if (segments.isEmpty()) {
                long start = Math.max(logStartOffsetCheckpoint, 0);
                segments.put(start, LogSegment.create(dir, start, settings, time));
            }
            long logEndOffset = hadCleanShutdown
                    ? segments.lastEntry().getValue().readNextOffset()
                    : recoverFrom(segments, recoveryPointCheckpoint);
            long logStartOffset = Math.max(logStartOffsetCheckpoint, segments.firstKey());
            if (logStartOffset > logEndOffset) {
                // A checkpointed start beyond the data left after truncation cannot be honoured.
                logStartOffset = segments.firstKey();
            }
            var active = segments.lastEntry().getValue();
            active.resizeIndexes(settings.maxIndexSize());
            rebuildProducerState(segments, logStartOffset, logEndOffset, hadCleanShutdown);
            epochCache.truncateFromEnd(logEndOffset);
            epochCache.truncateFromStart(logStartOffset);
            // The recovery point becomes the log end: the epochs recovery re-assigned must be on disk first.
            epochCache.flush();
            return new Loaded(segments, logStartOffset, logEndOffset, logEndOffset);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot load log directory " + dir + ": " + e, e);
        }
    }

    /** A new partition: nothing to recover, no producer state, no epochs. */
    private Loaded createEmpty(long logStartOffset) {
        long start = Math.max(logStartOffset, 0);
        var segments = new ConcurrentSkipListMap<Long, LogSegment>();
        segments.put(start, LogSegment.create(dir, start, settings, time));
        producerState.updateMapEndOffset(start);
        epochCache.truncateFromEnd(start);
        return new Loaded(segments, start, start, start);
    }

    private void removeLeftovers() throws IOException {
        for (Path file : list()) {
            String name = file.getFileName().toString();
            if (name.endsWith(SegmentFileNames.TMP_SUFFIX)
                    || name.endsWith(SegmentFileNames.CLEANED_SUFFIX)
                    || name.endsWith(SegmentFileNames.DELETED_SUFFIX)) {
                LOG.info("Deleting leftover file {}", file);
                Files.deleteIfExists(file);
            } else if (name.endsWith(SegmentFileNames.LOG_SUFFIX + SegmentFileNames.SWAP_SUFFIX)) {
                var target = SegmentFileNames.withoutSuffix(file, SegmentFileNames.SWAP_SUFFIX);
                LOG.info("Completing the swap of {} into {}", file, target);
                Files.move(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                long base = SegmentFileNames.offsetOf(name).orElseThrow();
                // Its indexes belong to the replaced file: rebuilt on load.
                Files.deleteIfExists(SegmentFileNames.offsetIndexFile(dir, base));
                Files.deleteIfExists(SegmentFileNames.timeIndexFile(dir, base));
            } else if (name.endsWith(SegmentFileNames.SWAP_SUFFIX)) {
                LOG.info("Deleting leftover swap file {}", file);
                Files.deleteIfExists(file);
            }
        }
        for (Path file : list()) {
            String name = file.getFileName().toString();
            boolean index = name.endsWith(SegmentFileNames.INDEX_SUFFIX)
                    || name.endsWith(SegmentFileNames.TIME_INDEX_SUFFIX)
                    || name.endsWith(SegmentFileNames.TXN_INDEX_SUFFIX);
            var base = SegmentFileNames.offsetOf(name);
            if (index && base.isPresent() && !Files.exists(SegmentFileNames.logFile(dir, base.getAsLong()))) {
                LOG.info("Deleting index {} whose log file is gone", file);
                Files.deleteIfExists(file);
            }
        }
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private ConcurrentSkipListMap<Long, LogSegment> loadSegments() throws IOException {
        var segments = new ConcurrentSkipListMap<Long, LogSegment>();
        for (Path file : list()) {
            String name = file.getFileName().toString();
            var base = SegmentFileNames.offsetOf(name);
            if (!name.endsWith(SegmentFileNames.LOG_SUFFIX) || base.isEmpty()) {
                continue;
            }
            var segment = LogSegment.load(dir, base.getAsLong(), settings, time);
            boolean indexesMissing = !Files.exists(SegmentFileNames.offsetIndexFile(dir, base.getAsLong()))
                    || !Files.exists(SegmentFileNames.timeIndexFile(dir, base.getAsLong()));
            if (indexesMissing && segment.size() == 0) {
                // An empty segment's indexes are created on first use; there is nothing to rebuild.
                segments.put(base.getAsLong(), segment);
                continue;
            }
            if (indexesMissing) {
                LOG.warn("Index files of {} are missing; rebuilding them", segment.logFile());
                segment.recover(batch -> {});
            } else {
                try {
                    segment.sanityCheckIndexes();
                } catch (CorruptIndexException e) {
                    LOG.warn("Rebuilding the indexes of {}: {}", segment.logFile(), e.getMessage());
                    segment.recover(batch -> {});
                }
            }
            segments.put(base.getAsLong(), segment);
        }
        return segments;
    }

    /**
     * Re-validates the segments from the one holding {@code recoveryPoint}; returns the log end offset. A segment
     * that had to be truncated ends the log: later segments cannot follow a hole and are deleted.
     */
    private long recoverFrom(ConcurrentSkipListMap<Long, LogSegment> segments, long recoveryPoint) throws IOException {
        var first = segments.floorKey(recoveryPoint);
        var toRecover = first == null ? segments : segments.tailMap(first, true);
        var recovered = new ArrayList<>(toRecover.values());
        for (int i = 0; i < recovered.size(); i++) {
            var segment = recovered.get(i);
            int truncated = segment.recover(this::assignEpoch);
            if (truncated > 0 && i < recovered.size() - 1) {
                for (var later : recovered.subList(i + 1, recovered.size())) {
                    LOG.warn(
                            "Deleting segment {} which follows invalid data in {}", later.logFile(), segment.logFile());
                    segments.remove(later.baseOffset());
                    later.deleteIfExists();
                }
                break;
            }
        }
        if (!recovered.isEmpty()) {
            segments.values().forEach(LogSegment::flush);
        }
        var active = segments.lastEntry().getValue();
        long end = active.readNextOffset();
        return end;
    }

    private void assignEpoch(RecordBatch batch) {
        if (batch.partitionLeaderEpoch() >= 0) {
            var latest = epochCache.latestEpoch();
            if (latest.isEmpty() || batch.partitionLeaderEpoch() > latest.get()) {
                epochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
            }
        }
    }

    private void rebuildProducerState(
            ConcurrentSkipListMap<Long, LogSegment> segments,
            long logStartOffset,
            long logEndOffset,
            boolean hadCleanShutdown) {
        producerState.deleteSnapshotsAbove(logEndOffset);
        if (hadCleanShutdown && producerState.latestSnapshotOffset().isEmpty()) {
            producerState.updateMapEndOffset(logEndOffset);
            return;
        }
        long from = Math.max(producerState.loadLatestSnapshotAtOrBelow(logEndOffset), logStartOffset);
        if (from >= logEndOffset) {
            producerState.updateMapEndOffset(logEndOffset);
            return;
        }
        var firstKey = segments.floorKey(from);
        var tail = firstKey == null ? segments : segments.tailMap(firstKey, true);
        for (var segment : tail.values()) {
            var start = segment.translateOffset(from, 0);
            int position = start == null ? segment.size() : start.position;
            for (var batch : segment.log().batchesFrom(position)) {
                if (batch.lastOffset() >= from) {
                    producerState.replay(batch);
                }
            }
        }
        producerState.updateMapEndOffset(logEndOffset);
        LOG.debug("Rebuilt producer state of {} from offset {} to {}", dir, from, logEndOffset);
    }
}
