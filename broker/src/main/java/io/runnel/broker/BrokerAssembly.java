package io.runnel.broker;

import java.util.List;
import java.util.Optional;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.server.BrokerComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the broker's components for {@link RunnelServer}: the one place that knows the concrete network server,
 * ZooKeeper metadata, log store and request handlers.
 */
final class BrokerAssembly {

    private static final Logger log = LoggerFactory.getLogger(BrokerAssembly.class);

    private BrokerAssembly() {}

    // SEAM (lead): return the real components here: a ZooKeeper-backed ClusterIdentity (embedded ZooKeeper when
    // config.zookeeperConnect() is empty) and a factory building, in start order, the ZooKeeper metadata, the log
    // store over context.logDirs(), the request handlers and, last, the network server.
    static BrokerComponents forConfig(BrokerConfig config) {
        return new BrokerComponents(Optional.empty(), context -> {
            log.warn(
                    "This build wires no network server, ZooKeeper metadata or log store yet: broker {} holds its"
                            + " log dirs and serves no requests",
                    context.brokerId());
            return List.of();
        });
    }
}
