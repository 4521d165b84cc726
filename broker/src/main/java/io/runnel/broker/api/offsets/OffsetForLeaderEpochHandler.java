package io.runnel.broker.api.offsets;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.partition.LocalPartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OffsetForLeaderEpoch (v2–v4): where a leader epoch ends in the leader's log, so a consumer (or follower) after
 * a leader change can find out whether its position was truncated away (KIP-101, KIP-320). An epoch the log
 * does not know is answered with undefined epoch and offset (-1, -1) and no error.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(OffsetForLeaderEpochHandler.class);

    private final LocalPartitions partitions;

    public OffsetForLeaderEpochHandler(LocalPartitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public short lowestVersion() {
        return 2;
    }

    @Override
    public short highestVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        OffsetsForLeaderEpochRequest offsets = request.bodyAs(OffsetsForLeaderEpochRequest.class);
        var response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic topic : offsets.data().topics()) {
            var topicResult = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            response.topics().add(topicResult);
            for (OffsetForLeaderPartition partition : topic.partitions()) {
                topicResult
                        .partitions()
                        .add(endOffset(new TopicPartition(topic.topic(), partition.partition()), partition));
            }
        }
        return CompletableFuture.completedFuture(new OffsetsForLeaderEpochResponse(response));
    }

    private EpochEndOffset endOffset(TopicPartition tp, OffsetForLeaderPartition partition) {
        var result = new EpochEndOffset().setPartition(partition.partition());
        try {
            Optional<Integer> current = partition.currentLeaderEpoch() == RecordBatch.NO_PARTITION_LEADER_EPOCH
                    ? Optional.empty()
                    : Optional.of(partition.currentLeaderEpoch());
            var found = partitions.partition(tp).lastOffsetForLeaderEpoch(current, partition.leaderEpoch());
            return result.setErrorCode(Errors.NONE.code())
                    .setLeaderEpoch(found.leaderEpoch())
                    .setEndOffset(found.endOffset());
        } catch (ApiException e) {
            return undefined(result, Errors.forException(e));
        } catch (RuntimeException e) {
            log.error("OffsetForLeaderEpoch of {} for epoch {} failed", tp, partition.leaderEpoch(), e);
            return undefined(result, Errors.forException(e));
        }
    }

    private static EpochEndOffset undefined(EpochEndOffset result, Errors error) {
        return result.setErrorCode(error.code())
                .setLeaderEpoch(OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH)
                .setEndOffset(OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH_OFFSET);
    }
}
