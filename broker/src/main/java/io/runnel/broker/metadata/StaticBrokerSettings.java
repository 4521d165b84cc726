package io.runnel.broker.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BrokerSettings} as plain values, for tests and for wiring before the broker config exists. */
public record StaticBrokerSettings(
        int brokerId,
        List<BrokerEndpoint> advertisedEndpoints,
        Optional<String> rack,
        int numPartitions,
        short defaultReplicationFactor,
        boolean autoCreateTopicsEnable,
        Map<String, String> staticConfigs,
        Map<String, String> defaultConfigs)
        implements BrokerSettings {

    public StaticBrokerSettings {
        advertisedEndpoints = List.copyOf(advertisedEndpoints);
        staticConfigs = Map.copyOf(staticConfigs);
        defaultConfigs = Map.copyOf(defaultConfigs);
    }

    /** A broker with one PLAINTEXT listener and Kafka's defaults (1 partition, replication factor 1). */
    public static StaticBrokerSettings plaintext(int brokerId, String host, int port) {
        return new StaticBrokerSettings(
                brokerId,
                List.of(new BrokerEndpoint(
                        "PLAINTEXT", org.apache.kafka.common.security.auth.SecurityProtocol.PLAINTEXT, host, port)),
                Optional.empty(),
                1,
                (short) 1,
                true,
                Map.of(),
                Map.of());
    }

    public StaticBrokerSettings withAutoCreateTopicsEnable(boolean enable) {
        return new StaticBrokerSettings(
                brokerId,
                advertisedEndpoints,
                rack,
                numPartitions,
                defaultReplicationFactor,
                enable,
                staticConfigs,
                defaultConfigs);
    }

    public StaticBrokerSettings withStaticConfigs(Map<String, String> configs) {
        return new StaticBrokerSettings(
                brokerId,
                advertisedEndpoints,
                rack,
                numPartitions,
                defaultReplicationFactor,
                autoCreateTopicsEnable,
                configs,
                defaultConfigs);
    }
}
