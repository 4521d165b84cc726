package io.runnel.broker.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.logdir.MetaProperties;

/**
 * Who this broker is: its id and cluster id, reconciled between the config, the log dirs' {@code
 * meta.properties} and the cluster, with Kafka's ZooKeeper-mode rules:
 *
 * <ul>
 *   <li>all log dirs that have a meta.properties agree on broker id and cluster id;
 *   <li>an explicit {@code broker.id} matches the stored one; -1 takes the stored one, else a generated one;
 *   <li>the cluster's id matches the stored one (else the broker is pointed at the wrong ZooKeeper).
 * </ul>
 */
record BrokerIdentity(int brokerId, Optional<String> clusterId) {

    MetaProperties toMetaProperties() {
        return new MetaProperties(brokerId, clusterId);
    }

    /**
     * @param clusterIdentity the cluster's identity source, if wired
     * @throws BrokerStartupException naming the dirs and values that disagree
     */
    static BrokerIdentity resolve(
            BrokerConfig config, Map<Path, Optional<MetaProperties>> stored, Optional<ClusterIdentity> clusterIdentity)
            throws Exception {
        Optional<Integer> storedBrokerId = agreed(stored, "broker.id", m -> Optional.of(m.brokerId()));
        Optional<String> storedClusterId = agreed(stored, "cluster.id", MetaProperties::clusterId);

        Optional<String> clusterId = storedClusterId;
        if (clusterIdentity.isPresent()) {
            String actual = clusterIdentity.get().getOrCreateClusterId();
            if (storedClusterId.isPresent() && !storedClusterId.get().equals(actual)) {
                throw new BrokerStartupException("the cluster's id " + actual + " does not match cluster.id "
                        + storedClusterId.get() + " in meta.properties of " + stored.keySet()
                        + ": the broker is joining the wrong cluster (check " + BrokerConfig.ZOOKEEPER_CONNECT + ")");
            }
            clusterId = Optional.of(actual);
        }

        int configured = config.brokerId();
        int brokerId;
        if (configured >= 0) {
            if (storedBrokerId.isPresent() && storedBrokerId.get() != configured) {
                throw new BrokerStartupException("configured broker.id " + configured + " does not match broker.id "
                        + storedBrokerId.get() + " in meta.properties of " + stored.keySet()
                        + ": set broker.id=" + storedBrokerId.get() + ", or empty the log dirs for a new broker");
            }
            brokerId = configured;
        } else if (storedBrokerId.isPresent()) {
            brokerId = storedBrokerId.get();
        } else if (!config.brokerIdGenerationEnabled()) {
            throw new BrokerStartupException("broker.id is not set and broker.id.generation.enable is false");
        } else if (clusterIdentity.isPresent()) {
            brokerId = clusterIdentity.get().generateBrokerId();
        } else {
            throw new BrokerStartupException("broker.id=-1 asks for a generated id, but this broker has no"
                    + " ZooKeeper metadata to generate it from: set broker.id explicitly");
        }
        return new BrokerIdentity(brokerId, clusterId);
    }

    private static <T> Optional<T> agreed(
            Map<Path, Optional<MetaProperties>> stored,
            String what,
            java.util.function.Function<MetaProperties, Optional<T>> field) {
        Optional<T> value = Optional.empty();
        Path from = null;
        for (var entry : stored.entrySet()) {
            Optional<T> here = entry.getValue().flatMap(field);
            if (here.isEmpty()) {
                continue;
            }
            if (value.isPresent() && !value.get().equals(here.get())) {
                throw new BrokerStartupException("log dirs disagree on " + what + ": " + value.get() + " in " + from
                        + "/" + MetaProperties.FILE_NAME + " but " + here.get() + " in " + entry.getKey() + "/"
                        + MetaProperties.FILE_NAME);
            }
            value = here;
            from = entry.getKey();
        }
        return value;
    }
}
