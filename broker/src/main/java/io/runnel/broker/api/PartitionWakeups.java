package io.runnel.broker.api;

import io.runnel.broker.api.fetch.DelayedFetch;
import io.runnel.broker.api.produce.DelayedProduce;
import io.runnel.broker.partition.PartitionEvents;
import io.runnel.broker.purgatory.DelayedOperationPurgatory;
import org.apache.kafka.common.TopicPartition;

/**
 * Wakes the delayed operations of a partition when it changes: long-polling fetches on any append (followers
 * read to the log end) and high-watermark move; acks=all produces when the high watermark moves; both when
 * leadership changes or the partition goes away, so they answer the error at once.
 */
public final class PartitionWakeups implements PartitionEvents {

    private final DelayedOperationPurgatory<TopicPartition, DelayedFetch> fetches;
    private final DelayedOperationPurgatory<TopicPartition, DelayedProduce> produces;

    public PartitionWakeups(
            DelayedOperationPurgatory<TopicPartition, DelayedFetch> fetches,
            DelayedOperationPurgatory<TopicPartition, DelayedProduce> produces) {
        this.fetches = fetches;
        this.produces = produces;
    }

    @Override
    public void onLogAppended(TopicPartition tp) {
        fetches.checkAndComplete(tp);
    }

    @Override
    public void onHighWatermarkAdvanced(TopicPartition tp) {
        produces.checkAndComplete(tp);
        fetches.checkAndComplete(tp);
    }

    @Override
    public void onStateChanged(TopicPartition tp) {
        produces.checkAndComplete(tp);
        fetches.checkAndComplete(tp);
    }
}
