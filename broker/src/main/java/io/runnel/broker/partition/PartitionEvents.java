package io.runnel.broker.partition;

import org.apache.kafka.common.TopicPartition;

/**
 * What happened to a local partition, for whoever waits on it (the delayed Fetch and Produce operations). Called
 * after the change, outside the partition's locks, on the thread that made the change.
 */
public interface PartitionEvents {

    /**
     * Records were appended but the high watermark did not move (followers, which read up to the log end, can
     * make progress).
     */
    void onLogAppended(TopicPartition tp);

    /**
     * The high watermark moved forward, possibly with an append (acks=all produces, consumers and followers can
     * make progress).
     */
    void onHighWatermarkAdvanced(TopicPartition tp);

    /** Leadership or the partition's existence changed: waiting operations must re-check and answer. */
    void onStateChanged(TopicPartition tp);

    PartitionEvents NONE = new PartitionEvents() {
        @Override
        public void onLogAppended(TopicPartition tp) {}

        @Override
        public void onHighWatermarkAdvanced(TopicPartition tp) {}

        @Override
        public void onStateChanged(TopicPartition tp) {}
    };
}
