package io.runnel.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.runnel.storage.EpochEndOffset;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogAppendResult;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogReadResult;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.ProducerInfo;
import io.runnel.storage.TimestampAndOffset;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * An offsets partition in memory: the {@link CoordinatorLog} the coordinator appends to and the {@link PartitionLog}
 * a new shard replays. Appends assign offsets and complete at once, or fail with an injected error.
 */
public final class InMemoryOffsetsLog implements CoordinatorLog, PartitionLog {

    private final TopicPartition partition;
    private final List<MemoryRecords> batches = new ArrayList<>();
    private long nextOffset;
    private RuntimeException nextFailure;

    public InMemoryOffsetsLog(TopicPartition partition) {
        this.partition = partition;
    }

    public void failNextAppend(RuntimeException e) {
        nextFailure = e;
    }

    /** Every record appended so far, in order. */
    public synchronized List<Record> records() {
        List<Record> result = new ArrayList<>();
        for (MemoryRecords b : batches) {
            for (Record r : b.records()) {
                result.add(r);
            }
        }
        return result;
    }

    @Override
    public synchronized CompletableFuture<Long> append(TopicPartition tp, MemoryRecords records) {
        if (!tp.equals(partition)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("wrong partition " + tp));
        }
        if (nextFailure != null) {
            RuntimeException e = nextFailure;
            nextFailure = null;
            return CompletableFuture.failedFuture(e);
        }
        List<SimpleRecord> copy = new ArrayList<>();
        for (Record r : records.records()) {
            copy.add(new SimpleRecord(r.timestamp(), bytes(r.key()), bytes(r.value())));
        }
        MemoryRecords stored =
                MemoryRecords.withRecords(nextOffset, Compression.NONE, copy.toArray(new SimpleRecord[0]));
        batches.add(stored);
        nextOffset += copy.size();
        return CompletableFuture.completedFuture(nextOffset - 1);
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Override
    public synchronized LogReadResult read(
            long fetchOffset, int maxBytes, FetchIsolation isolation, boolean minOneMessage) {
        ByteBuffer out = ByteBuffer.allocate(
                batches.stream().mapToInt(MemoryRecords::sizeInBytes).sum());
        for (MemoryRecords b : batches) {
            for (RecordBatch batch : b.batches()) {
                if (batch.lastOffset() >= fetchOffset) {
                    out.put(b.buffer().duplicate());
                }
            }
        }
        out.flip();
        return new LogReadResult(MemoryRecords.readableRecords(out), nextOffset, nextOffset, 0, nextOffset, List.of());
    }

    @Override
    public TopicPartition topicPartition() {
        return partition;
    }

    @Override
    public long logStartOffset() {
        return 0;
    }

    @Override
    public synchronized long logEndOffset() {
        return nextOffset;
    }

    @Override
    public synchronized long highWatermark() {
        return nextOffset;
    }

    @Override
    public LogConfig config() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateConfig(LogConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public LogAppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public LogAppendResult appendAsFollower(MemoryRecords records) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long updateHighWatermark(long highWatermark) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long deleteRecordsBefore(long offset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void truncateTo(long offset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void truncateFullyAndStartAt(long offset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Integer> latestEpoch() {
        return Optional.empty();
    }

    @Override
    public Optional<EpochEndOffset> endOffsetForEpoch(int epoch) {
        return Optional.empty();
    }

    @Override
    public List<ProducerInfo> activeProducers() {
        return List.of();
    }

    @Override
    public int deleteRetainedSegments() {
        return 0;
    }

    @Override
    public void flush() {}

    @Override
    public long sizeInBytes() {
        return batches.stream().mapToInt(MemoryRecords::sizeInBytes).sum();
    }

    @Override
    public void close() {}
}
