package io.runnel.broker.server;

import java.util.List;
import java.util.Optional;

/**
 * The seams where the broker's parts are plugged in.
 *
 * @param clusterIdentity the source of the cluster id and generated broker ids (the ZooKeeper metadata
 *     component); empty runs without one: the broker then needs an explicit or stored {@code broker.id} and keeps
 *     whatever cluster id the log dirs recorded
 * @param factory builds the components, in start order, once the broker's identity is resolved
 */
public record BrokerComponents(Optional<ClusterIdentity> clusterIdentity, Factory factory) {

    /** Builds the broker's components from its resolved identity and config. */
    @FunctionalInterface
    public interface Factory {
        List<BrokerComponent> create(BrokerContext context) throws Exception;
    }

    /** No cluster identity and no components: the broker locks and stamps its log dirs and serves nothing. */
    public static BrokerComponents logDirsOnly() {
        return new BrokerComponents(Optional.empty(), context -> List.of());
    }
}
