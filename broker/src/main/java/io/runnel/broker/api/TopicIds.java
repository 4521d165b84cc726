package io.runnel.broker.api;

import java.util.Optional;

import org.apache.kafka.common.Uuid;

/**
 * Topic names and their ids as the cluster metadata knows them. Produce and Fetch name topics by id from v13
 * (KIP-516); older versions and the other data-plane APIs by name.
 */
public interface TopicIds {

    Optional<Uuid> idOf(String topic);

    Optional<String> nameOf(Uuid topicId);
}
