package io.runnel.tools.dumplog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.runnel.storage.segment.CorruptIndexException;
import io.runnel.storage.segment.OffsetIndex;
import io.runnel.storage.segment.OffsetPosition;
import io.runnel.storage.segment.SegmentFileNames;
import io.runnel.storage.segment.TimeIndex;
import io.runnel.storage.segment.TimestampOffset;
import io.runnel.tools.cli.ToolException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Prints a segment's {@code .index} or {@code .timeindex} entries (read with the storage module's
 * {@link OffsetIndex} and {@link TimeIndex}, which own those formats) and checks each against the segment's
 * {@code .log}, as Kafka's {@code DumpLogSegments} does:
 *
 * <ul>
 *   <li>an offset index entry (offset, position) must point at a batch whose last offset is that offset;
 *   <li>a time index entry (timestamp, offset) must name a batch's last offset, its timestamp must be that
 *       batch's max timestamp, and timestamps must increase from entry to entry.
 * </ul>
 *
 * An index still preallocated (the active segment's, or one left by a crash) ends with zeroed slots; as in Kafka,
 * the first entry after slot 0 that points back at the base offset ends the listing.
 */
final class IndexFileCheck {

    private final boolean verifyOnly;
    private final boolean sanityOnly;

    IndexFileCheck(boolean verifyOnly, boolean sanityOnly) {
        this.verifyOnly = verifyOnly;
        this.sanityOnly = sanityOnly;
    }

    List<IndexProblem> dumpOffsetIndex(Path file, PrintStream out) throws IOException {
        long baseOffset = LogFileDump.baseOffsetOf(file.getFileName().toString());
        var problems = new ArrayList<IndexProblem>();
        var index = new OffsetIndex(file, baseOffset, 0);
        try (FileRecords log = openLog(file, SegmentFileNames.INDEX_SUFFIX)) {
            if (index.entries() == 0) {
                out.println(file + " is empty.");
                return problems;
            }
            if (sanityOnly) {
                sanityCheck(index::sanityCheck, file, out);
                return problems;
            }
            for (int slot = 0; slot < index.entries(); slot++) {
                OffsetPosition entry = index.entry(slot);
                if (slot > 0 && entry.offset() == baseOffset) {
                    break;
                }
                long found = lastOffsetOfBatchAt(log, entry.position());
                if (found != entry.offset()) {
                    problems.add(new IndexProblem(
                            file.toString(), IndexProblem.Kind.OFFSET_MISMATCH, entry.offset(), found));
                }
                if (!verifyOnly) {
                    out.println("offset: " + entry.offset() + " position: " + entry.position());
                }
            }
        } finally {
            index.close();
        }
        return problems;
    }

    List<IndexProblem> dumpTimeIndex(Path file, PrintStream out) throws IOException {
        long baseOffset = LogFileDump.baseOffsetOf(file.getFileName().toString());
        var problems = new ArrayList<IndexProblem>();
        var timeIndex = new TimeIndex(file, baseOffset, 0);
        Path offsetIndexFile = sibling(file, SegmentFileNames.TIME_INDEX_SUFFIX, SegmentFileNames.INDEX_SUFFIX);
        OffsetIndex offsetIndex =
                Files.exists(offsetIndexFile) ? new OffsetIndex(offsetIndexFile, baseOffset, 0) : null;
        try (FileRecords log = openLog(file, SegmentFileNames.TIME_INDEX_SUFFIX)) {
            if (sanityOnly) {
                sanityCheck(timeIndex::sanityCheck, file, out);
                return problems;
            }
            long previousTimestamp = RecordBatch.NO_TIMESTAMP;
            for (int slot = 0; slot < timeIndex.entries(); slot++) {
                TimestampOffset entry = timeIndex.entry(slot);
                if (slot > 0 && entry.offset() == baseOffset) {
                    break;
                }
                int start = offsetIndex == null
                        ? 0
                        : offsetIndex.lookup(entry.offset()).position();
                FileChannelRecordBatch batch = firstBatchEndingAtOrAfter(log, start, entry.offset());
                if (batch == null || batch.lastOffset() != entry.offset()) {
                    problems.add(new IndexProblem(
                            file.toString(),
                            IndexProblem.Kind.OFFSET_NOT_FOUND,
                            entry.offset(),
                            batch == null ? -1 : batch.lastOffset()));
                } else {
                    long maxTimestamp = RecordBatch.NO_TIMESTAMP;
                    for (Record record : batch) {
                        maxTimestamp = Math.max(maxTimestamp, record.timestamp());
                    }
                    if (maxTimestamp != entry.timestamp()) {
                        problems.add(new IndexProblem(
                                file.toString(),
                                IndexProblem.Kind.TIMESTAMP_MISMATCH,
                                entry.timestamp(),
                                maxTimestamp));
                    }
                    if (previousTimestamp >= entry.timestamp()) {
                        problems.add(new IndexProblem(
                                file.toString(),
                                IndexProblem.Kind.TIMESTAMP_OUT_OF_ORDER,
                                entry.timestamp(),
                                previousTimestamp));
                    }
                }
                if (!verifyOnly) {
                    out.println("timestamp: " + entry.timestamp() + " offset: " + entry.offset());
                }
                previousTimestamp = entry.timestamp();
            }
        } finally {
            timeIndex.close();
            if (offsetIndex != null) {
                offsetIndex.close();
            }
        }
        return problems;
    }

    private static void sanityCheck(Runnable check, Path file, PrintStream out) {
        try {
            check.run();
            out.println(file + " passed sanity check.");
        } catch (CorruptIndexException e) {
            throw new ToolException(e.getMessage());
        }
    }

    /** The last offset of the batch starting at {@code position}, or -1 if no whole batch starts there. */
    private static long lastOffsetOfBatchAt(FileRecords log, int position) {
        if (position < 0 || position >= log.sizeInBytes()) {
            return -1;
        }
        try {
            Iterator<FileChannelRecordBatch> batches = log.batchesFrom(position).iterator();
            return batches.hasNext() ? batches.next().lastOffset() : -1;
        } catch (KafkaException e) {
            return -1;
        }
    }

    private static FileChannelRecordBatch firstBatchEndingAtOrAfter(FileRecords log, int position, long offset) {
        try {
            for (FileChannelRecordBatch batch : log.batchesFrom(Math.max(0, position))) {
                if (batch.lastOffset() >= offset) {
                    return batch;
                }
            }
        } catch (KafkaException e) {
            // A corrupt batch ends the search: the entry's offset is not found.
        }
        return null;
    }

    private static FileRecords openLog(Path indexFile, String suffix) throws IOException {
        Path logFile = sibling(indexFile, suffix, SegmentFileNames.LOG_SUFFIX);
        if (!Files.exists(logFile)) {
            throw new ToolException("Cannot check " + indexFile + ": its log " + logFile + " does not exist");
        }
        return FileRecords.open(logFile.toFile(), false);
    }

    private static Path sibling(Path file, String suffix, String newSuffix) {
        return SegmentFileNames.withSuffix(SegmentFileNames.withoutSuffix(file, suffix), newSuffix);
    }
}
