package io.runnel.bench.storage;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.DefaultRecord;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Builds the record batches the benchmarks append: 1 KiB records without key or headers, as a plain (not
 * idempotent) producer sends them.
 *
 * <p>Values are random upper-case letters, the payload {@code kafka-producer-perf-test} sends: random enough that
 * a codec cannot cheat (no long repeats), compressible about as much as real text (about 5 bits per byte of
 * entropy), so a compressed append pays a realistic decompression cost.
 */
final class BenchmarkBatches {

    static final int RECORD_VALUE_BYTES = 1024;

    private BenchmarkBatches() {}

    /** The number of 1 KiB records whose uncompressed batch fits in {@code batchBytes}. */
    static int recordsFitting(int batchBytes) {
        int size = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        int count = 0;
        while (true) {
            int next = DefaultRecord.sizeInBytes(count, 0L, 0, RECORD_VALUE_BYTES, DefaultRecord.EMPTY_HEADERS);
            if (size + next > batchBytes) {
                return Math.max(count, 1);
            }
            size += next;
            count++;
        }
    }

    /**
     * One batch of {@code recordCount} records, base offset 0, in a heap buffer of its exact size.
     *
     * @param timestamp the records' CreateTime; must lie within the topic's accepted window when appended
     */
    static ByteBuffer batch(int recordCount, Compression compression, long timestamp, SplittableRandom random) {
        var buffer = ByteBuffer.allocate(recordCount * (RECORD_VALUE_BYTES + 16) + 1024);
        var builder = MemoryRecords.builder(buffer, compression, TimestampType.CREATE_TIME, 0L);
        var value = new byte[RECORD_VALUE_BYTES];
        for (int i = 0; i < recordCount; i++) {
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) ('A' + random.nextInt(26));
            }
            builder.append(timestamp, (byte[]) null, value);
        }
        ByteBuffer built = builder.build().buffer();
        // Copy into an exactly sized buffer so duplicates of it are exactly one batch.
        var exact = ByteBuffer.allocate(built.remaining());
        exact.put(built).flip();
        return exact;
    }
}
