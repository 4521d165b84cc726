package io.runnel.broker.api.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.api.TopicIds;
import io.runnel.broker.partition.LocalPartitions;
import io.runnel.broker.purgatory.DelayedOperationPurgatory;
import io.runnel.storage.FetchIsolation;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.utils.Time;

/**
 * Fetch (v4–v18) for consumers and followers: reads each partition from the local leader up to the request's
 * byte limits, and answers at once when {@code min_bytes} are there (or on an error), otherwise waits up to
 * {@code max_wait_ms} for appends (a {@link DelayedFetch}, no thread held). Consumers read up to the high
 * watermark, or the last stable offset with read_committed; followers up to the log end, and their fetch
 * offsets move the high watermark. Fetch sessions (KIP-227) from v7; topic ids from v13.
 */
public final class FetchHandler implements ApiHandler {

    private static final short LOWEST_VERSION = 4;
    private static final short HIGHEST_VERSION = 18;
    private static final short TOPIC_IDS_VERSION = 13;

    private final LocalPartitions partitions;
    private final TopicIds topicIds;
    private final FetchSessionCache sessions;
    private final DelayedOperationPurgatory<TopicPartition, DelayedFetch> purgatory;
    private final FetchReader reader;
    private final Time time;

    /**
     * @param purgatory where long polls wait; woken through {@code PartitionWakeups}
     */
    public FetchHandler(
            LocalPartitions partitions,
            TopicIds topicIds,
            FetchSessionCache sessions,
            DelayedOperationPurgatory<TopicPartition, DelayedFetch> purgatory,
            Time time) {
        this.partitions = partitions;
        this.topicIds = topicIds;
        this.sessions = sessions;
        this.purgatory = purgatory;
        this.reader = new FetchReader(partitions);
        this.time = time;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public short lowestVersion() {
        return LOWEST_VERSION;
    }

    @Override
    public short highestVersion() {
        return HIGHEST_VERSION;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        FetchRequest fetch = request.bodyAs(FetchRequest.class);
        FetchRequestData data = fetch.data();
        boolean usesTopicIds = request.apiVersion() >= TOPIC_IDS_VERSION;
        int replicaId = fetch.replicaId();
        var params = new FetchParams(
                replicaId, data.maxWaitMs(), data.minBytes(), data.maxBytes(), isolation(replicaId, fetch));

        FetchContext context = sessions.newContext(
                fetch.metadata(),
                partitionFetches(data, usesTopicIds),
                forgotten(data, usesTopicIds),
                params.fromFollower(),
                usesTopicIds);
        if (context instanceof FetchContext.SessionError) {
            return CompletableFuture.completedFuture(context.response(new java.util.LinkedHashMap<>()));
        }

        List<PartitionFetch> fetches = context.fetches();
        var results = reader.read(params, fetches);
        if (params.maxWaitMs() <= 0
                || fetches.isEmpty()
                || FetchReader.recordBytes(results) >= params.minBytes()
                || FetchReader.needsImmediateAnswer(results)) {
            return CompletableFuture.completedFuture(context.response(results));
        }
        var future = new CompletableFuture<AbstractResponse>();
        var delayed = new DelayedFetch(
                time.milliseconds() + params.maxWaitMs(),
                params,
                context,
                fetches,
                partitions,
                reader,
                future::complete);
        purgatory.tryCompleteElseWatch(delayed, delayed.keys());
        return future;
    }

    private static FetchIsolation isolation(int replicaId, FetchRequest fetch) {
        if (FetchRequest.isValidBrokerId(replicaId)) {
            return FetchIsolation.LOG_END;
        }
        return fetch.isolationLevel() == IsolationLevel.READ_COMMITTED
                ? FetchIsolation.TXN_COMMITTED
                : FetchIsolation.HIGH_WATERMARK;
    }

    private List<PartitionFetch> partitionFetches(FetchRequestData data, boolean usesTopicIds) {
        var fetches = new ArrayList<PartitionFetch>();
        for (FetchTopic topic : data.topics()) {
            for (FetchPartition partition : topic.partitions()) {
                fetches.add(new PartitionFetch(
                        topicIdPartition(topic.topic(), topic.topicId(), partition.partition(), usesTopicIds),
                        partition.fetchOffset(),
                        partition.partitionMaxBytes(),
                        epoch(partition.currentLeaderEpoch()),
                        epoch(partition.lastFetchedEpoch())));
            }
        }
        return fetches;
    }

    private List<TopicIdPartition> forgotten(FetchRequestData data, boolean usesTopicIds) {
        var forgotten = new ArrayList<TopicIdPartition>();
        for (FetchRequestData.ForgottenTopic topic : data.forgottenTopicsData()) {
            for (int partition : topic.partitions()) {
                forgotten.add(topicIdPartition(topic.topic(), topic.topicId(), partition, usesTopicIds));
            }
        }
        return forgotten;
    }

    /**
     * Before v13 a partition is named by topic name (its id zero, as in Kafka); from v13 by id, with the name
     * resolved here and left empty when the id is unknown.
     */
    private TopicIdPartition topicIdPartition(String name, Uuid id, int partition, boolean usesTopicIds) {
        if (usesTopicIds) {
            return new TopicIdPartition(id, partition, topicIds.nameOf(id).orElse(""));
        }
        return new TopicIdPartition(Uuid.ZERO_UUID, partition, name);
    }

    private static Optional<Integer> epoch(int epoch) {
        return epoch == RecordBatch.NO_PARTITION_LEADER_EPOCH ? Optional.empty() : Optional.of(epoch);
    }
}
