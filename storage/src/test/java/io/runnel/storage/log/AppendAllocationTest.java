package io.runnel.storage.log;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

import io.runnel.storage.testing.LogFixture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The append hot path allocates nothing per record of an uncompressed batch (the project's hot-path rule): what it
 * allocates per append (batch views, results) is spread over the batch's records and must stay far below what one
 * object per record would cost (~100 bytes per record with kafka-clients' record iterator).
 *
 * <p>Measured with the current thread's allocation counter, so the log's background threads do not count; the
 * warm-up takes class loading, index mapping and other first-use costs out of the measurement.
 */
class AppendAllocationTest {

    private static final int RECORDS_PER_BATCH = 1000;
    private static final int WARM_UP_APPENDS = 300;
    private static final int MEASURED_APPENDS = 200;
    /** Per-append allocations (a few hundred bytes, more before the JIT removes some) over 1000 records. */
    private static final double MAX_BYTES_PER_RECORD = 8;

    @TempDir
    Path tmp;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void uncompressedAppendAllocatesNothingPerRecord() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        fixture = new LogFixture(tmp, Map.of());
        var log = fixture.open();
        var batch = batchOf(RECORDS_PER_BATCH, fixture.clock.milliseconds());
        for (int i = 0; i < WARM_UP_APPENDS; i++) {
            append(log, batch);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_APPENDS; i++) {
            append(log, batch);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        double perRecord = (double) allocated / ((long) MEASURED_APPENDS * RECORDS_PER_BATCH);
        assertThat(perRecord)
                .as("bytes allocated per record (%d bytes per append)", allocated / MEASURED_APPENDS)
                .isLessThan(MAX_BYTES_PER_RECORD);
        assertThat(log.logEndOffset()).isEqualTo((long) (WARM_UP_APPENDS + MEASURED_APPENDS) * RECORDS_PER_BATCH);
    }

    /** Appends the reused batch; its base offset is put back to 0 first, as a client sends it. */
    private static void append(SegmentedLog log, ByteBuffer batch) {
        batch.putLong(0, 0L);
        log.appendAsLeader(MemoryRecords.readableRecords(batch.duplicate()), 0);
    }

    /** Records with a key, a value and a header, as the walker must skip all three. */
    private static ByteBuffer batchOf(int count, long timestamp) {
        var builder =
                MemoryRecords.builder(ByteBuffer.allocate(64 * count), Compression.NONE, TimestampType.CREATE_TIME, 0L);
        var value = new byte[20];
        var headers = new org.apache.kafka.common.header.Header[] {
            new org.apache.kafka.common.header.internals.RecordHeader("h", new byte[] {1})
        };
        for (int i = 0; i < count; i++) {
            builder.append(timestamp, ("key-" + i).getBytes(), value, headers);
        }
        return builder.build().buffer();
    }
}
