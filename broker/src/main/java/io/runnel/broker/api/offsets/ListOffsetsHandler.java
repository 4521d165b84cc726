package io.runnel.broker.api.offsets;

import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.partition.LocalPartitions;
import io.runnel.storage.TimestampAndOffset;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ListOffsets (v1–v11): the offset for a timestamp, or for the special timestamps earliest (-2), latest (-1), max
 * timestamp (-3), earliest local (-4, the same as earliest without tiered storage) and latest tiered (-5, none
 * without tiered storage). Consumers see offsets below the high watermark, or below the last stable offset with
 * read_committed. A partition named twice is answered INVALID_REQUEST, as Kafka does.
 */
public final class ListOffsetsHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(ListOffsetsHandler.class);

    private static final short LOWEST_VERSION = 1;
    private static final short HIGHEST_VERSION = 11;

    private final LocalPartitions partitions;

    public ListOffsetsHandler(LocalPartitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
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
        ListOffsetsRequest listOffsets = request.bodyAs(ListOffsetsRequest.class);
        Optional<IsolationLevel> isolation = listOffsets.replicaId() == ListOffsetsRequest.CONSUMER_REPLICA_ID
                ? Optional.of(listOffsets.isolationLevel())
                : Optional.empty();
        Set<TopicPartition> duplicates = listOffsets.duplicatePartitions();
        var topics = new ArrayList<ListOffsetsTopicResponse>();
        for (ListOffsetsTopic topic : listOffsets.topics()) {
            var topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            topics.add(topicResponse);
            for (ListOffsetsPartition partition : topic.partitions()) {
                var tp = new TopicPartition(topic.name(), partition.partitionIndex());
                topicResponse
                        .partitions()
                        .add(
                                duplicates.contains(tp)
                                        ? failed(partition, Errors.INVALID_REQUEST)
                                        : lookUp(
                                                tp,
                                                partition,
                                                isolation,
                                                request.context().apiVersion()));
            }
        }
        return CompletableFuture.completedFuture(
                new ListOffsetsResponse(new ListOffsetsResponseData().setTopics(topics)));
    }

    private ListOffsetsPartitionResponse lookUp(
            TopicPartition tp, ListOffsetsPartition partition, Optional<IsolationLevel> isolation, short version) {
        try {
            Optional<Integer> epoch = partition.currentLeaderEpoch() == RecordBatch.NO_PARTITION_LEADER_EPOCH
                    ? Optional.empty()
                    : Optional.of(partition.currentLeaderEpoch());
            Optional<TimestampAndOffset> found =
                    partitions.partition(tp).fetchOffsetForTimestamp(partition.timestamp(), isolation, epoch);
            var response = new ListOffsetsPartitionResponse()
                    .setPartitionIndex(partition.partitionIndex())
                    .setErrorCode(Errors.NONE.code());
            return found.map(offset -> response.setTimestamp(offset.timestamp())
                            .setOffset(offset.offset())
                            // The field exists from v4; kafka-clients refuses to write a non-default one before.
                            .setLeaderEpoch(version >= 4 ? offset.leaderEpoch() : ListOffsetsResponse.UNKNOWN_EPOCH))
                    .orElseGet(() -> response.setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP)
                            .setOffset(ListOffsetsResponse.UNKNOWN_OFFSET)
                            .setLeaderEpoch(ListOffsetsResponse.UNKNOWN_EPOCH));
        } catch (ApiException e) {
            return failed(partition, Errors.forException(e));
        } catch (RuntimeException e) {
            log.error("ListOffsets of {} at timestamp {} failed", tp, partition.timestamp(), e);
            return failed(partition, Errors.forException(e));
        }
    }

    private static ListOffsetsPartitionResponse failed(ListOffsetsPartition partition, Errors error) {
        return new ListOffsetsPartitionResponse()
                .setPartitionIndex(partition.partitionIndex())
                .setErrorCode(error.code())
                .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP)
                .setOffset(ListOffsetsResponse.UNKNOWN_OFFSET)
                .setLeaderEpoch(ListOffsetsResponse.UNKNOWN_EPOCH);
    }
}
