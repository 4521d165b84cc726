package io.runnel.bench.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogReadResult;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code read(randomOffset, maxBytes)} on a ~1 GiB log of uncompressed batches of {@code batchKiB}, fetching
 * {@code batchKiB} per read (one batch), at the high watermark:
 *
 * <ul>
 *   <li>{@link #lookup}: finding the segment, the index entry and the batch, and slicing the file: the CPU a fetch
 *       costs when the network layer then sends the slice with sendfile;
 *   <li>{@link #lookupAndCopy}: the same plus copying the slice into a reused direct buffer with
 *       {@link FileRecords#readInto}: page-cache read bandwidth (the log was just written, so it is cached).
 * </ul>
 *
 * <p>MB/s of the copy is the {@code megabytes} counter ({@link VolumeCounters}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogReadBenchmark {

    private static final long FILL_BYTES = 1024L * 1024 * 1024;

    @State(Scope.Benchmark)
    public static class FilledLog {

        @Param({"16", "64", "256", "1024"})
        public int batchKiB;

        ScratchLog scratch;
        int maxBytes;
        long startOffset;
        long endOffset;
        final SplittableRandom random = new SplittableRandom(42);
        ByteBuffer copyBuffer;

        @Setup(Level.Trial)
        public void fill() {
            maxBytes = batchKiB * 1024;
            scratch = ScratchLog.create("read-" + batchKiB);
            var batch = BenchmarkBatches.batch(
                    BenchmarkBatches.recordsFitting(maxBytes),
                    Compression.NONE,
                    System.currentTimeMillis(),
                    new SplittableRandom(batchKiB));
            var log = scratch.log;
            while (log.sizeInBytes() < FILL_BYTES) {
                batch.putLong(0, 0L);
                log.appendAsLeader(MemoryRecords.readableRecords(batch.duplicate()), 0);
            }
            startOffset = log.logStartOffset();
            endOffset = log.logEndOffset();
            log.updateHighWatermark(endOffset);
            copyBuffer = ByteBuffer.allocateDirect(2 * maxBytes);
        }

        long randomOffset() {
            return random.nextLong(startOffset, endOffset);
        }

        @TearDown(Level.Trial)
        public void close() {
            scratch.close();
        }
    }

    @Benchmark
    public LogReadResult lookup(FilledLog state) {
        return state.scratch.log.read(state.randomOffset(), state.maxBytes, FetchIsolation.HIGH_WATERMARK, true);
    }

    @Benchmark
    public int lookupAndCopy(FilledLog state, VolumeCounters volume) throws IOException {
        var result = state.scratch.log.read(state.randomOffset(), state.maxBytes, FetchIsolation.HIGH_WATERMARK, true);
        if (!(result.records() instanceof FileRecords slice)) {
            throw new IllegalStateException(
                    "Expected a file slice, got " + result.records().getClass());
        }
        var buffer = state.copyBuffer;
        buffer.clear().limit(slice.sizeInBytes());
        slice.readInto(buffer, 0);
        volume.add(buffer.limit(), 0);
        return buffer.limit();
    }
}
