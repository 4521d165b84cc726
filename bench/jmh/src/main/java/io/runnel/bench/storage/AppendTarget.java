package io.runnel.bench.storage;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import io.runnel.storage.LogAppendResult;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A scratch log and the one pre-built batch appended to it again and again.
 *
 * <p>Reusing the batch is sound: the log validates the producer's buffer and rewrites only header fields in place
 * (base offset, partition leader epoch; neither is covered by the CRC), so every append sees the same valid batch
 * once its base offset is put back to 0, which Kafka requires of a client batch.
 */
final class AppendTarget implements AutoCloseable {

    /** Above this the log is trimmed (between invocations, not timed): at most ~2 GiB plus one segment on disk. */
    private static final long MAX_LOG_BYTES = 2L * 1024 * 1024 * 1024;

    private final ScratchLog scratch;
    private final ByteBuffer batch;
    private final int recordCount;
    private MemoryRecords records;

    AppendTarget(String topic, int batchBytes, Compression compression) {
        this.scratch = ScratchLog.create(topic);
        this.recordCount = BenchmarkBatches.recordsFitting(batchBytes);
        this.batch = BenchmarkBatches.batch(
                recordCount, compression, System.currentTimeMillis(), new SplittableRandom(batchBytes));
    }

    /** Untimed, before each append: bounds the disk footprint and resets the reused batch. */
    void prepareAppend() {
        scratch.trimTo(MAX_LOG_BYTES);
        batch.putLong(0, 0L);
        records = MemoryRecords.readableRecords(batch.duplicate());
    }

    LogAppendResult append(VolumeCounters volume) {
        var result = scratch.log.appendAsLeader(records, 0);
        volume.add(batch.limit(), result.recordCount());
        return result;
    }

    int batchSizeInBytes() {
        return batch.limit();
    }

    int recordCount() {
        return recordCount;
    }

    @Override
    public void close() {
        scratch.close();
    }
}
