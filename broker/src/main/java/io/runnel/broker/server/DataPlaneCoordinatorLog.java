package io.runnel.broker.server;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.produce.CommittedAppender;
import io.runnel.broker.group.CoordinatorLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The group coordinator's writes to {@code __consumer_offsets}, through the data plane's local leaders with acks=all;
 * a write not committed within {@code offsets.commit.timeout.ms} fails with REQUEST_TIMED_OUT, as in Kafka.
 */
public final class DataPlaneCoordinatorLog implements CoordinatorLog {

    private final CommittedAppender appender;
    private final long commitTimeoutMs;

    public DataPlaneCoordinatorLog(CommittedAppender appender, long commitTimeoutMs) {
        this.appender = appender;
        this.commitTimeoutMs = commitTimeoutMs;
    }

    @Override
    public CompletableFuture<Long> append(TopicPartition partition, MemoryRecords records) {
        return appender.append(partition, records, commitTimeoutMs);
    }
}
