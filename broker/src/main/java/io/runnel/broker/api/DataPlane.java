package io.runnel.broker.api;

import java.util.List;

import io.runnel.broker.api.fetch.DelayedFetch;
import io.runnel.broker.api.fetch.FetchHandler;
import io.runnel.broker.api.fetch.FetchSessionCache;
import io.runnel.broker.api.offsets.DeleteRecordsHandler;
import io.runnel.broker.api.offsets.ListOffsetsHandler;
import io.runnel.broker.api.offsets.OffsetForLeaderEpochHandler;
import io.runnel.broker.api.produce.DelayedProduce;
import io.runnel.broker.api.produce.ProduceHandler;
import io.runnel.broker.api.producer.DescribeProducersHandler;
import io.runnel.broker.api.producer.InitProducerIdHandler;
import io.runnel.broker.api.producer.ProducerIdSource;
import io.runnel.broker.partition.KnownPartitions;
import io.runnel.broker.partition.LocalPartitions;
import io.runnel.broker.partition.LogCatalog;
import io.runnel.broker.purgatory.DelayedOperationPurgatory;
import io.runnel.broker.purgatory.ExpirationTimer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

/**
 * The broker's data plane wired together: the local partitions, the purgatories that hold long polls and
 * acks=all produces (and the partition events that wake them), the expiration timer, and the handlers of
 * Produce, Fetch, ListOffsets, DeleteRecords, OffsetForLeaderEpoch, DescribeProducers and InitProducerId.
 *
 * <p>The broker creates it once, registers {@link #handlers()} with the network layer, lets the metadata
 * listener drive {@link #partitions()}, calls {@link #start()} to run the expiration thread, and {@link #close()}
 * on shutdown.
 */
public final class DataPlane implements AutoCloseable {

    private final ExpirationTimer timer;
    private final LocalPartitions partitions;
    private final List<ApiHandler> handlers;

    /**
     * @param localBrokerId this broker's id
     * @param logs the storage's log catalog (create, open, delete partition logs)
     * @param cluster whether a partition exists in the cluster (metadata), for NOT_LEADER_OR_FOLLOWER versus
     *     UNKNOWN_TOPIC_OR_PARTITION
     * @param topicIds topic names and ids (metadata), for Produce and Fetch v13+
     * @param producerIds the producer id allocator
     * @param fetchSessions the fetch session cache, sized by {@code max.incremental.fetch.session.cache.slots}
     * @param time the clock of timeouts
     */
    public DataPlane(
            int localBrokerId,
            LogCatalog logs,
            KnownPartitions cluster,
            TopicIds topicIds,
            ProducerIdSource producerIds,
            FetchSessionCache fetchSessions,
            Time time) {
        this.timer = new ExpirationTimer(time);
        var fetchPurgatory = new DelayedOperationPurgatory<TopicPartition, DelayedFetch>("Fetch", timer);
        var producePurgatory = new DelayedOperationPurgatory<TopicPartition, DelayedProduce>("Produce", timer);
        this.partitions = new LocalPartitions(
                localBrokerId, logs, cluster, new PartitionWakeups(fetchPurgatory, producePurgatory));
        this.handlers = List.of(
                new ProduceHandler(partitions, topicIds, producePurgatory, time),
                new FetchHandler(partitions, topicIds, fetchSessions, fetchPurgatory, time),
                new ListOffsetsHandler(partitions),
                new DeleteRecordsHandler(partitions),
                new OffsetForLeaderEpochHandler(partitions),
                new DescribeProducersHandler(partitions),
                new InitProducerIdHandler(producerIds));
    }

    public LocalPartitions partitions() {
        return partitions;
    }

    public List<ApiHandler> handlers() {
        return handlers;
    }

    /** The timer expiring delayed operations; tests on a manual clock call {@code runDueTasks()} on it. */
    public ExpirationTimer timer() {
        return timer;
    }

    /** Starts the thread that expires delayed operations at their deadlines. */
    public void start() {
        timer.start("runnel-expiration");
    }

    @Override
    public void close() throws InterruptedException {
        timer.close();
    }
}
