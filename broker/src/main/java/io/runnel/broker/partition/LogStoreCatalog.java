package io.runnel.broker.partition;

import io.runnel.storage.LogConfig;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.log.LogStore;
import org.apache.kafka.common.TopicPartition;

/** The storage's {@link LogStore} as the catalog of {@link LocalPartitions}. */
public final class LogStoreCatalog implements LogCatalog {

    private final LogStore store;

    public LogStoreCatalog(LogStore store) {
        this.store = store;
    }

    @Override
    public PartitionLog getOrCreate(TopicPartition tp, LogConfig config) {
        return store.getOrCreate(tp, config);
    }

    @Override
    public void delete(TopicPartition tp) {
        store.delete(tp);
    }
}
