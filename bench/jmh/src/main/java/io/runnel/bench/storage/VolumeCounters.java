package io.runnel.bench.storage;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a benchmark moved, reported by JMH next to ops/s as rates: {@code megabytes} is MB/s (10^6 bytes of record
 * batches as stored in the log, i.e. compressed size for compressed batches) and {@code records} is records/s.
 * JMH labels both "ops/s"; read them as MB/s and records/s.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class VolumeCounters {

    public double megabytes;
    public long records;

    @Setup(Level.Iteration)
    public void reset() {
        megabytes = 0;
        records = 0;
    }

    void add(int bytes, int recordCount) {
        megabytes += bytes / 1e6;
        records += recordCount;
    }
}
