package io.runnel.tools.dumplog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.runnel.storage.segment.LogSegment;
import io.runnel.storage.segment.SegmentFileNames;
import io.runnel.storage.segment.SegmentSettings;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;

/**
 * Writes segments with the storage module's {@link LogSegment}, as the broker does, so that the dump tool is tested
 * against real files: every batch after the first gets an index entry (index.interval.bytes = 0).
 */
final class SegmentFiles {

    private final Path dir;
    private final List<MemoryRecords> batches = new ArrayList<>();
    private long nextOffset;

    SegmentFiles(Path dir) {
        this.dir = dir;
    }

    /** Adds a batch of (key, value) records, all with timestamp {@code timestamp}; a null key has no key. */
    SegmentFiles batch(Compression compression, long timestamp, String... keysAndValues) {
        var records = new SimpleRecord[keysAndValues.length / 2];
        for (int i = 0; i < records.length; i++) {
            String key = keysAndValues[2 * i];
            records[i] = new SimpleRecord(timestamp, bytes(key), bytes(keysAndValues[2 * i + 1]));
        }
        return add(MemoryRecords.withRecords(nextOffset, compression, records), records.length);
    }

    SegmentFiles batchWithHeaders(long timestamp, String value, Header... headers) {
        return add(
                MemoryRecords.withRecords(
                        nextOffset, Compression.NONE, new SimpleRecord(timestamp, null, bytes(value), headers)),
                1);
    }

    private SegmentFiles add(MemoryRecords records, int count) {
        batches.add(records);
        nextOffset += count;
        return this;
    }

    /** Writes the segment (base offset 0) and closes it, trimming its indexes as a clean shutdown does. */
    Path write() {
        var segment = LogSegment.create(dir, 0, new SegmentSettings(0, 64 * 1024, false, 1024 * 1024), Time.SYSTEM);
        long last = -1;
        for (MemoryRecords records : batches) {
            for (var batch : records.batches()) {
                last = batch.lastOffset();
            }
            segment.append(last, records);
        }
        segment.close();
        return logFile();
    }

    List<MemoryRecords> batches() {
        return batches;
    }

    Path logFile() {
        return SegmentFileNames.logFile(dir, 0);
    }

    Path indexFile() {
        return SegmentFileNames.offsetIndexFile(dir, 0);
    }

    Path timeIndexFile() {
        return SegmentFileNames.timeIndexFile(dir, 0);
    }

    /** Overwrites 4 bytes of {@code file} at {@code position} with {@code value}, big-endian. */
    static void overwriteInt(Path file, long position, int value) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).putInt(0, value), position);
        }
    }

    /** Overwrites 8 bytes of {@code file} at {@code position} with {@code value}, big-endian. */
    static void overwriteLong(Path file, long position, long value) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).putLong(0, value), position);
        }
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
