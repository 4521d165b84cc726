package io.runnel.broker.api.producer;

import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InitProducerId (v0–v6) for idempotent producers: a fresh producer id at epoch 0 on every call, as Kafka's
 * coordinator does when no transactional id is given (an existing id/epoch in the request is not bumped).
 *
 * <p>Transactional producers need the transaction coordinator, which Runnel does not have yet; they are answered
 * COORDINATOR_NOT_AVAILABLE, as Kafka answers while the transaction state topic is unavailable (the client
 * retries rather than failing fatally).
 */
public final class InitProducerIdHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(InitProducerIdHandler.class);

    private final ProducerIdSource producerIds;

    public InitProducerIdHandler(ProducerIdSource producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    // Versions: all stable ones (the ApiHandler default). v6 is unstable in kafka-clients 4.4 (two-phase commit,
    // KIP-939) and, like Kafka's brokers, Runnel does not advertise unstable versions.

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        InitProducerIdRequest init = request.bodyAs(InitProducerIdRequest.class);
        if (init.data().transactionalId() != null) {
            return answer(failure(Errors.COORDINATOR_NOT_AVAILABLE));
        }
        try {
            return answer(new InitProducerIdResponseData()
                    .setErrorCode(Errors.NONE.code())
                    .setProducerId(producerIds.nextProducerId())
                    .setProducerEpoch((short) 0));
        } catch (ApiException e) {
            return answer(failure(Errors.forException(e)));
        } catch (RuntimeException e) {
            // Retriable for the client, as Kafka answers while no producer id block is available.
            log.warn("Producer id allocation failed", e);
            return answer(failure(Errors.COORDINATOR_LOAD_IN_PROGRESS));
        }
    }

    private static InitProducerIdResponseData failure(Errors error) {
        return new InitProducerIdResponseData()
                .setErrorCode(error.code())
                .setProducerId(RecordBatch.NO_PRODUCER_ID)
                .setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH);
    }

    private static CompletableFuture<AbstractResponse> answer(InitProducerIdResponseData data) {
        return CompletableFuture.completedFuture(new InitProducerIdResponse(data));
    }
}
