package io.runnel.broker.server;

import java.nio.file.Path;
import java.util.Map;

import io.runnel.broker.config.BrokerConfig;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ZooKeeperSessionTest {

    @TempDir
    Path dir;

    private BrokerConfig config() {
        return BrokerConfig.fromProps(Map.of(
                BrokerConfig.BROKER_ID,
                "-1",
                BrokerConfig.LOG_DIRS,
                dir.resolve("logs").toString(),
                BrokerConfig.ZOOKEEPER_EMBEDDED_PORT,
                "0",
                BrokerConfig.ZOOKEEPER_EMBEDDED_DATA_DIR,
                dir.resolve("zookeeper").toString()));
    }

    @Test
    void generatesBrokerIdsAboveTheReservedOnesWithoutRepeats() throws Exception {
        BrokerConfig config = config();
        try (var session = new ZooKeeperSession(config, Time.SYSTEM)) {
            int first = session.generateBrokerId();
            int second = session.generateBrokerId();

            assertThat(first).isGreaterThan(config.reservedBrokerMaxId());
            assertThat(second).isGreaterThan(first);
        }
    }

    @Test
    void keepsTheClusterIdInTheEmbeddedZooKeeperData() throws Exception {
        String clusterId;
        try (var session = new ZooKeeperSession(config(), Time.SYSTEM)) {
            clusterId = session.getOrCreateClusterId();
        }
        try (var session = new ZooKeeperSession(config(), Time.SYSTEM)) {
            assertThat(session.getOrCreateClusterId()).isEqualTo(clusterId);
        }
    }
}
