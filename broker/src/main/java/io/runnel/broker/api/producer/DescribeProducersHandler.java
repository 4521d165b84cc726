package io.runnel.broker.api.producer;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.partition.LocalPartitions;
import io.runnel.storage.ProducerInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** DescribeProducers (v0): the idempotent and transactional producers with state in each partition's log. */
public final class DescribeProducersHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(DescribeProducersHandler.class);

    private final LocalPartitions partitions;

    public DescribeProducersHandler(LocalPartitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_PRODUCERS;
    }

    @Override
    public short lowestVersion() {
        return 0;
    }

    @Override
    public short highestVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        DescribeProducersRequest describe = request.bodyAs(DescribeProducersRequest.class);
        var topics = new ArrayList<TopicResponse>();
        for (TopicRequest topic : describe.data().topics()) {
            var topicResponse = new TopicResponse().setName(topic.name());
            topics.add(topicResponse);
            for (int index : topic.partitionIndexes()) {
                topicResponse.partitions().add(describe(new TopicPartition(topic.name(), index)));
            }
        }
        return CompletableFuture.completedFuture(
                new DescribeProducersResponse(new DescribeProducersResponseData().setTopics(topics)));
    }

    private PartitionResponse describe(TopicPartition tp) {
        var response = new PartitionResponse().setPartitionIndex(tp.partition());
        try {
            var producers = new ArrayList<ProducerState>();
            for (ProducerInfo producer : partitions.partition(tp).activeProducers()) {
                producers.add(new ProducerState()
                        .setProducerId(producer.producerId())
                        .setProducerEpoch(producer.producerEpoch())
                        .setLastSequence(producer.lastSequence())
                        .setLastTimestamp(producer.lastTimestamp())
                        .setCoordinatorEpoch(producer.coordinatorEpoch())
                        .setCurrentTxnStartOffset(producer.currentTxnStartOffset()));
            }
            return response.setErrorCode(Errors.NONE.code()).setActiveProducers(producers);
        } catch (ApiException e) {
            return response.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
        } catch (RuntimeException e) {
            log.error("DescribeProducers of {} failed", tp, e);
            return response.setErrorCode(Errors.forException(e).code());
        }
    }
}
