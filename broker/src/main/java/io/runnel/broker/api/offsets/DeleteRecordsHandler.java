package io.runnel.broker.api.offsets;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.partition.LocalPartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeleteRecords (v0–v2): raises each partition's log start offset (its low watermark) to the requested offset;
 * {@code -1} means the high watermark, an offset above it is OFFSET_OUT_OF_RANGE.
 *
 * <p>Answered once the leader moved its log start offset. With followers, Kafka waits until every replica's log
 * start offset caught up; followers do not report theirs yet, so this does not wait.
 */
public final class DeleteRecordsHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(DeleteRecordsHandler.class);

    private final LocalPartitions partitions;

    public DeleteRecordsHandler(LocalPartitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        DeleteRecordsRequest deleteRecords = request.bodyAs(DeleteRecordsRequest.class);
        var response = new DeleteRecordsResponseData();
        for (DeleteRecordsTopic topic : deleteRecords.data().topics()) {
            var topicResult = new DeleteRecordsTopicResult().setName(topic.name());
            response.topics().add(topicResult);
            for (DeleteRecordsPartition partition : topic.partitions()) {
                topicResult
                        .partitions()
                        .add(delete(new TopicPartition(topic.name(), partition.partitionIndex()), partition));
            }
        }
        return CompletableFuture.completedFuture(new DeleteRecordsResponse(response));
    }

    private DeleteRecordsPartitionResult delete(TopicPartition tp, DeleteRecordsPartition partition) {
        var result = new DeleteRecordsPartitionResult().setPartitionIndex(partition.partitionIndex());
        try {
            long lowWatermark = partitions.partition(tp).deleteRecordsBefore(partition.offset());
            return result.setLowWatermark(lowWatermark).setErrorCode(Errors.NONE.code());
        } catch (ApiException e) {
            return result.setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK)
                    .setErrorCode(Errors.forException(e).code());
        } catch (RuntimeException e) {
            log.error("DeleteRecords of {} before offset {} failed", tp, partition.offset(), e);
            return result.setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK)
                    .setErrorCode(Errors.forException(e).code());
        }
    }
}
