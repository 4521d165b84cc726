package io.runnel.broker.api.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.runnel.broker.partition.LocalPartitions;
import io.runnel.broker.partition.Partition;
import io.runnel.storage.EpochEndOffset;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogReadResult;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the partitions of a Fetch from their logs, within the request's byte limits, into response partition
 * data. The records are the log's own {@code Records} (a file slice the network layer sends with
 * {@code sendfile}); nothing is copied.
 *
 * <p>Limits as Kafka applies them: each partition reads at most {@code min(partition_max_bytes, bytes left in
 * max_bytes)}; the first partition that returns data may exceed that with its first batch so a consumer facing
 * a batch larger than its limits still progresses; later partitions may not.
 */
final class FetchReader {

    private static final Logger log = LoggerFactory.getLogger(FetchReader.class);

    private final LocalPartitions partitions;

    FetchReader(LocalPartitions partitions) {
        this.partitions = partitions;
    }

    LinkedHashMap<TopicIdPartition, PartitionData> read(FetchParams params, List<PartitionFetch> fetches) {
        var results = new LinkedHashMap<TopicIdPartition, PartitionData>();
        int bytesLeft = Math.max(0, params.maxBytes());
        boolean minOneMessage = true;
        for (PartitionFetch fetch : fetches) {
            PartitionData data =
                    readPartition(params, fetch, Math.min(Math.max(0, fetch.maxBytes()), bytesLeft), minOneMessage);
            int size = FetchResponse.recordsSize(data);
            if (size > 0) {
                minOneMessage = false;
                bytesLeft = Math.max(0, bytesLeft - size);
            }
            results.put(fetch.partition(), data);
        }
        return results;
    }

    /** Record bytes in a read's results. */
    static int recordBytes(Map<TopicIdPartition, PartitionData> results) {
        int total = 0;
        for (PartitionData data : results.values()) {
            total += FetchResponse.recordsSize(data);
        }
        return total;
    }

    /** Whether a read must be answered at once rather than wait for more data: an error or a divergence. */
    static boolean needsImmediateAnswer(Map<TopicIdPartition, PartitionData> results) {
        for (PartitionData data : results.values()) {
            if (data.errorCode() != Errors.NONE.code() || FetchResponse.isDivergingEpoch(data)) {
                return true;
            }
        }
        return false;
    }

    private PartitionData readPartition(FetchParams params, PartitionFetch fetch, int maxBytes, boolean minOneMessage) {
        var data = new PartitionData().setPartitionIndex(fetch.partition().partition());
        if (!fetch.topicResolved()) {
            return error(data, Errors.UNKNOWN_TOPIC_ID);
        }
        try {
            Partition partition = partitions.partition(fetch.partition().topicPartition());
            if (params.fromFollower() && fetch.lastFetchedEpoch().isPresent()) {
                Optional<EpochEndOffset> diverging =
                        partition.divergingEpoch(fetch.lastFetchedEpoch().get(), fetch.fetchOffset());
                if (diverging.isPresent()) {
                    return data.setHighWatermark(partition.highWatermark())
                            .setLastStableOffset(partition.highWatermark())
                            .setLogStartOffset(partition.logStartOffset())
                            .setDivergingEpoch(new FetchResponseData.EpochEndOffset()
                                    .setEpoch(diverging.get().leaderEpoch())
                                    .setEndOffset(diverging.get().endOffset()))
                            .setRecords(MemoryRecords.EMPTY);
                }
            }
            LogReadResult read = partition.read(
                    fetch.currentLeaderEpoch(), fetch.fetchOffset(), maxBytes, params.isolation(), minOneMessage);
            if (params.fromFollower()) {
                partition.updateFollowerFetchState(params.replicaId(), fetch.fetchOffset());
            }
            data.setHighWatermark(read.highWatermark())
                    .setLastStableOffset(read.lastStableOffset())
                    .setLogStartOffset(read.logStartOffset())
                    .setRecords(read.records());
            if (params.isolation() == FetchIsolation.TXN_COMMITTED) {
                var aborted = new ArrayList<FetchResponseData.AbortedTransaction>();
                for (LogReadResult.AbortedTransaction txn : read.abortedTransactions()) {
                    aborted.add(new FetchResponseData.AbortedTransaction()
                            .setProducerId(txn.producerId())
                            .setFirstOffset(txn.firstOffset()));
                }
                data.setAbortedTransactions(aborted);
            }
            return data;
        } catch (ApiException e) {
            return error(data, Errors.forException(e));
        } catch (RuntimeException e) {
            log.error("Fetch of {} at offset {} failed", fetch.partition(), fetch.fetchOffset(), e);
            return error(data, Errors.forException(e));
        }
    }

    /** Kafka answers a partition in error with unknown offsets and no records. */
    private static PartitionData error(PartitionData data, Errors error) {
        return data.setErrorCode(error.code())
                .setHighWatermark(FetchResponse.INVALID_HIGH_WATERMARK)
                .setLastStableOffset(FetchResponse.INVALID_LAST_STABLE_OFFSET)
                .setLogStartOffset(FetchResponse.INVALID_LOG_START_OFFSET)
                .setRecords(MemoryRecords.EMPTY);
    }
}
