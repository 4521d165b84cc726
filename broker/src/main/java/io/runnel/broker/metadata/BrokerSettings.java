package io.runnel.broker.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the metadata, controller and admin components need from the broker's static configuration. A seam until
 * {@code io.runnel.broker.config.BrokerConfig} exists: BrokerConfig implements this interface (or adapts to
 * {@link StaticBrokerSettings}).
 */
public interface BrokerSettings {

    int brokerId();

    /** Listeners advertised to clients and other brokers, registered in {@code /brokers/ids/<id>}. */
    List<BrokerEndpoint> advertisedEndpoints();

    Optional<String> rack();

    /** {@code num.partitions}: partitions of auto-created topics and of CreateTopics with -1. */
    int numPartitions();

    /** {@code default.replication.factor}. */
    short defaultReplicationFactor();

    /** {@code auto.create.topics.enable}. */
    boolean autoCreateTopicsEnable();

    /** Broker configs explicitly set in the server properties (DescribeConfigs source STATIC_BROKER_CONFIG). */
    Map<String, String> staticConfigs();

    /** Defaults of broker configs not set explicitly (DescribeConfigs source DEFAULT_CONFIG). */
    Map<String, String> defaultConfigs();
}
