package io.runnel.broker.api.produce;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.api.TopicIds;
import io.runnel.broker.partition.LocalPartitions;
import io.runnel.broker.purgatory.DelayedOperationPurgatory;
import io.runnel.storage.LogAppendResult;
import io.runnel.storage.RecordError;
import io.runnel.storage.RecordsRejectedException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponseCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce (v3–v13): appends each partition's batch to the local leader on the request-handler thread and
 * answers per partition, so one bad partition fails alone while the others are stored.
 *
 * <p>acks=0 gets no response; acks=1 is answered once the leader appended; acks=all once the high watermark of
 * every appended partition passed its batch (a {@link DelayedProduce} waits for that, up to the request's
 * timeout, then answers REQUEST_TIMED_OUT). A retried duplicate of an idempotent producer's batch is answered as
 * a success with the offsets of the original append, as Kafka does. From v13 topics are named by id.
 */
public final class ProduceHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);

    private static final short LOWEST_VERSION = 3;
    private static final short HIGHEST_VERSION = 13;
    private static final short TOPIC_IDS_VERSION = 13;
    /** Kafka's {@code AdminUtils.ADMIN_CLIENT_ID}: the one client id allowed to write internal topics. */
    private static final String ADMIN_CLIENT_ID = "__admin_client";

    private final LocalPartitions partitions;
    private final TopicIds topicIds;
    private final DelayedOperationPurgatory<TopicPartition, DelayedProduce> purgatory;
    private final Time time;

    /**
     * @param purgatory where acks=all produces wait; woken through {@link io.runnel.broker.api.PartitionWakeups}
     */
    public ProduceHandler(
            LocalPartitions partitions,
            TopicIds topicIds,
            DelayedOperationPurgatory<TopicPartition, DelayedProduce> purgatory,
            Time time) {
        this.partitions = partitions;
        this.topicIds = topicIds;
        this.purgatory = purgatory;
        this.time = time;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
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
        ProduceRequest produce = request.bodyAs(ProduceRequest.class);
        short version = request.apiVersion();
        short acks = produce.acks();
        boolean validAcks = acks == 0 || acks == 1 || acks == -1;

        var responses = new TopicProduceResponseCollection();
        var pendingAcks = new ArrayList<DelayedProduce.PendingAck>();
        for (TopicProduceData topic : produce.data().topicData()) {
            var topicResponse = topicResponse(topic, version);
            responses.add(topicResponse);
            for (PartitionProduceData data : topic.partitionData()) {
                var response = new PartitionProduceResponse().setIndex(data.index());
                topicResponse.partitionResponses().add(response);
                if (!validAcks) {
                    fail(response, Errors.INVALID_REQUIRED_ACKS);
                } else if (topicResponse.name() == null) {
                    fail(response, Errors.UNKNOWN_TOPIC_ID);
                } else if (Topic.isInternal(topicResponse.name())
                        && !ADMIN_CLIENT_ID.equals(request.context().clientId())) {
                    // As Kafka: clients may not write the coordinators' internal topics (a stray record in
                    // __consumer_offsets would be replayed as group state); only its admin client id may.
                    fail(response, Errors.INVALID_TOPIC_EXCEPTION)
                            .setErrorMessage("Cannot append to internal topic " + topicResponse.name());
                } else {
                    var tp = new TopicPartition(topicResponse.name(), data.index());
                    var appended = append(tp, data, version, acks, response);
                    if (appended != null && acks == -1) {
                        pendingAcks.add(new DelayedProduce.PendingAck(tp, appended.lastOffset() + 1, response));
                    }
                }
            }
        }

        if (acks == 0 && validAcks) {
            return CompletableFuture.completedFuture(null);
        }
        var future = new CompletableFuture<AbstractResponse>();
        Runnable respond =
                () -> future.complete(new ProduceResponse(new ProduceResponseData().setResponses(responses)));
        if (pendingAcks.isEmpty()) {
            respond.run();
        } else {
            long deadlineMs = time.milliseconds() + Math.max(0, produce.timeout());
            var delayed = new DelayedProduce(deadlineMs, partitions, pendingAcks, respond);
            purgatory.tryCompleteElseWatch(delayed, delayed.keys());
        }
        return future;
    }

    private TopicProduceResponse topicResponse(TopicProduceData topic, short version) {
        if (version >= TOPIC_IDS_VERSION) {
            return new TopicProduceResponse()
                    .setTopicId(topic.topicId())
                    .setName(topicIds.nameOf(topic.topicId()).orElse(null));
        }
        return new TopicProduceResponse()
                .setName(topic.name())
                .setTopicId(topicIds.idOf(topic.name()).orElse(Uuid.ZERO_UUID));
    }

    /** Appends one partition's batch; returns what the log did, or null after recording the error. */
    private LogAppendResult append(
            TopicPartition tp,
            PartitionProduceData data,
            short version,
            short acks,
            PartitionProduceResponse response) {
        try {
            if (!(data.records() instanceof MemoryRecords records)) {
                throw new InvalidRecordException("Produce request for " + tp + " carries no record batch");
            }
            ProduceRequest.validateRecords(version, records);
            LogAppendResult result = partitions.partition(tp).appendRecordsToLeader(records, acks);
            response.setErrorCode(Errors.NONE.code())
                    .setBaseOffset(result.firstOffset())
                    .setLogAppendTimeMs(result.logAppendTime())
                    .setLogStartOffset(result.logStartOffset());
            return result;
        } catch (RecordsRejectedException e) {
            fail(response, Errors.forException(e.batchError()));
            List<BatchIndexAndErrorMessage> recordErrors = new ArrayList<>();
            for (RecordError error : e.recordErrors()) {
                recordErrors.add(new BatchIndexAndErrorMessage()
                        .setBatchIndex(error.batchIndex())
                        .setBatchIndexErrorMessage(error.message()));
            }
            response.setRecordErrors(recordErrors)
                    .setErrorMessage(e.batchError().getMessage());
        } catch (ApiException e) {
            fail(response, Errors.forException(e));
        } catch (RuntimeException e) {
            log.error("Append to {} failed", tp, e);
            fail(response, Errors.forException(e));
        }
        return null;
    }

    private static PartitionProduceResponse fail(PartitionProduceResponse response, Errors error) {
        return response.setErrorCode(error.code())
                .setBaseOffset(ProduceResponse.INVALID_OFFSET)
                .setLogAppendTimeMs(RecordBatch.NO_TIMESTAMP)
                .setLogStartOffset(ProduceResponse.INVALID_OFFSET);
    }
}
