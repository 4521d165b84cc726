package io.runnel.bench.storage;

import java.util.concurrent.TimeUnit;

import io.runnel.storage.LogAppendResult;
import org.apache.kafka.common.compress.Compression;
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
 * {@code appendAsLeader} of one producer batch of 1 KiB records: validation (CRC, per-record checks), offset
 * assignment, the write to the active segment's page cache, index entries, rolls at 1 GiB. No fsync: like Kafka,
 * the log leaves flushing to the OS unless flush.messages/flush.ms say otherwise.
 *
 * <p>Throughput in MB/s is the {@code megabytes} counter ({@link VolumeCounters}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogAppendBenchmark {

    /** Uncompressed batches: the engine's own cost plus the page-cache write. */
    @State(Scope.Benchmark)
    public static class Uncompressed {

        @Param({"16", "64", "256", "1024"})
        public int batchKiB;

        AppendTarget target;

        @Setup(Level.Trial)
        public void open() {
            target = new AppendTarget("append-none-" + batchKiB, batchKiB * 1024, Compression.NONE);
        }

        @Setup(Level.Invocation)
        public void prepare() {
            target.prepareAppend();
        }

        @TearDown(Level.Trial)
        public void close() {
            target.close();
        }
    }

    /**
     * A 256 KiB (uncompressed) batch compressed with zstd by the producer and kept as is by the log
     * ({@code compression.type=producer}): validation has to decompress every record to check it. zstd rather
     * than lz4 because lz4 finds no repeats in random letters and would store them uncompressed; zstd's entropy
     * coder gets them to about 5/8 of their size, like text.
     */
    @State(Scope.Benchmark)
    public static class Zstd {

        AppendTarget target;

        @Setup(Level.Trial)
        public void open() {
            target = new AppendTarget(
                    "append-zstd-256", 256 * 1024, Compression.zstd().build());
        }

        @Setup(Level.Invocation)
        public void prepare() {
            target.prepareAppend();
        }

        @TearDown(Level.Trial)
        public void close() {
            target.close();
        }
    }

    @Benchmark
    public LogAppendResult uncompressed(Uncompressed state, VolumeCounters volume) {
        return state.target.append(volume);
    }

    @Benchmark
    public LogAppendResult zstdBatch256KiB(Zstd state, VolumeCounters volume) {
        return state.target.append(volume);
    }
}
