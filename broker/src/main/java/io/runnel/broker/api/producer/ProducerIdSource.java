package io.runnel.broker.api.producer;

/**
 * Hands out cluster-unique producer ids (the metadata side allocates them in blocks). May block briefly while a
 * new block is fetched; throws an {@link org.apache.kafka.common.errors.ApiException} for a retriable failure
 * the client should see (e.g. {@code CoordinatorLoadInProgressException} while no block is available).
 */
@FunctionalInterface
public interface ProducerIdSource {

    long nextProducerId();
}
