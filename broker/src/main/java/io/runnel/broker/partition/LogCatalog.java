package io.runnel.broker.partition;

import io.runnel.storage.LogConfig;
import io.runnel.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;

/** The storage side's catalog of partition logs, as the partition registry needs it. */
public interface LogCatalog {

    /** The partition's log, created empty with {@code config} if it does not exist yet. */
    PartitionLog getOrCreate(TopicPartition tp, LogConfig config);

    /** Closes and deletes the partition's log, if any. */
    void delete(TopicPartition tp);
}
