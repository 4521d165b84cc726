package io.runnel.broker.group;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * How the coordinator writes to {@code __consumer_offsets}; the broker implements it over its local partition
 * leaders.
 */
public interface CoordinatorLog {

    /**
     * Appends {@code records} as the partition's leader with acks=all semantics. The future completes with the
     * offset of the last appended record once the high watermark has passed it (the write can no longer be lost
     * by a leader change), or fails with the Kafka exception of the append ({@code NotLeaderOrFollowerException},
     * {@code NotEnoughReplicasException}, {@code TimeoutException}, ...).
     */
    CompletableFuture<Long> append(TopicPartition partition, MemoryRecords records);
}
