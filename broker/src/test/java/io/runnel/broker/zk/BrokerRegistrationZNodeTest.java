package io.runnel.broker.zk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.config.Endpoint;
import io.runnel.broker.metadata.LiveBroker;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ZkClient#registerBroker} when {@code /brokers/ids/<id>} is held by another session: the znode a crashed
 * broker leaves until its session expires is waited out; one that stays is a live broker with the same id.
 */
class BrokerRegistrationZNodeTest {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(1);
    private static final LiveBroker BROKER = new LiveBroker(
            0, List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9092, SecurityProtocol.PLAINTEXT)), Optional.empty());

    @TempDir
    Path dataDir;

    private EmbeddedZooKeeper zooKeeper;
    private ZooKeeper otherSession;

    @BeforeEach
    void startZooKeeperWithTheIdHeldByAnotherSession() throws Exception {
        zooKeeper = new EmbeddedZooKeeper(dataDir, 0).start();
        try (var setup = ZkClient.connect(zooKeeper.connectString(), SESSION_TIMEOUT, SESSION_TIMEOUT, Time.SYSTEM)) {
            setup.createPersistentPaths();
        }
        var connected = new CompletableFuture<Void>();
        otherSession = new ZooKeeper(
                zooKeeper.connectString(), (int) SESSION_TIMEOUT.toMillis(), event -> connected.complete(null));
        connected.get(5, TimeUnit.SECONDS);
        otherSession.create(BrokerIdZNode.path(0), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    }

    @AfterEach
    void stop() throws Exception {
        otherSession.close();
        zooKeeper.stop();
    }

    @Test
    void waitsForARegistrationOfAnotherSessionToGoAway() throws Exception {
        try (var client = ZkClient.connect(zooKeeper.connectString(), SESSION_TIMEOUT, SESSION_TIMEOUT, Time.SYSTEM)) {
            // given the other session ends (expires, for a crashed broker) while this broker registers
            var ended = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    otherSession.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            // when
            client.registerBroker(BROKER, Duration.ofSeconds(5));

            // then the id is registered by this session
            ended.get(5, TimeUnit.SECONDS);
            long owner = client.curator()
                    .checkExists()
                    .forPath(BrokerIdZNode.path(0))
                    .getEphemeralOwner();
            assertThat(owner)
                    .isEqualTo(
                            client.curator().getZookeeperClient().getZooKeeper().getSessionId());
        }
    }

    @Test
    void failsWhenAnotherLiveSessionKeepsTheIdPastTheSessionTimeout() {
        try (var client = ZkClient.connect(zooKeeper.connectString(), SESSION_TIMEOUT, SESSION_TIMEOUT, Time.SYSTEM)) {
            // given the other session stays alive

            // when, then
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.registerBroker(BROKER, Duration.ofMillis(200)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker id 0 is already registered in /brokers/ids/0 by another live broker")
                    .hasMessageContaining("0x" + Long.toHexString(otherSession.getSessionId()));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(SESSION_TIMEOUT)
                    .isLessThan(Duration.ofSeconds(5));
        }
    }
}
