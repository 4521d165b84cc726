package io.runnel.broker.api.produce;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.partition.LocalPartitions;
import io.runnel.broker.purgatory.DelayedOperationPurgatory;
import io.runnel.storage.LogAppendResult;
import io.runnel.storage.RecordsRejectedException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.utils.Time;

/**
 * Appends the broker's own records (the group coordinator's writes to {@code __consumer_offsets}) to a local leader
 * with acks=all semantics, as Kafka's coordinators append through the replica manager: the append waits in the
 * Produce purgatory, like an acks=all Produce, until the high watermark passes it, so a write is acknowledged only
 * once a leader change can no longer lose it.
 */
public final class CommittedAppender {

    private final LocalPartitions partitions;
    private final DelayedOperationPurgatory<TopicPartition, DelayedProduce> purgatory;
    private final Time time;

    public CommittedAppender(
            LocalPartitions partitions,
            DelayedOperationPurgatory<TopicPartition, DelayedProduce> purgatory,
            Time time) {
        this.partitions = partitions;
        this.purgatory = purgatory;
        this.time = time;
    }

    /**
     * Appends {@code records} to the local leader of {@code tp}. The future completes with the offset of the last
     * record once committed, or fails with the Kafka exception of the append: NOT_LEADER_OR_FOLLOWER (also when
     * leadership moves while waiting), NOT_ENOUGH_REPLICAS(_AFTER_APPEND), REQUEST_TIMED_OUT after {@code
     * timeoutMs}, or the batch's validation error.
     */
    public CompletableFuture<Long> append(TopicPartition tp, MemoryRecords records, long timeoutMs) {
        LogAppendResult appended;
        try {
            appended = partitions.partition(tp).appendRecordsToLeader(records, (short) -1);
        } catch (RecordsRejectedException e) {
            return CompletableFuture.failedFuture(e.batchError());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        long lastOffset = appended.lastOffset();
        var result = new CompletableFuture<Long>();
        var outcome = new PartitionProduceResponse().setIndex(tp.partition());
        Runnable respond = () -> {
            Errors error = Errors.forCode(outcome.errorCode());
            if (error == Errors.NONE) {
                result.complete(lastOffset);
            } else {
                result.completeExceptionally(error.exception("Append to " + tp + " ending at offset " + lastOffset
                        + " was not committed: " + error.message()));
            }
        };
        var delayed = new DelayedProduce(
                time.milliseconds() + Math.max(0, timeoutMs),
                partitions,
                List.of(new DelayedProduce.PendingAck(tp, lastOffset + 1, outcome)),
                respond);
        purgatory.tryCompleteElseWatch(delayed, delayed.keys());
        return result;
    }
}
