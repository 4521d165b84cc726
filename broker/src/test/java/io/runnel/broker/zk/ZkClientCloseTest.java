package io.runnel.broker.zk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.runnel.broker.config.Endpoint;
import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.metadata.LocalReplicaListener;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A closed {@link ZkClient} leaves no thread behind: a broker stopped and started in one JVM does not leak. */
class ZkClientCloseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final LiveBroker BROKER = new LiveBroker(
            0, List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9092, SecurityProtocol.PLAINTEXT)), Optional.empty());

    @TempDir
    Path dataDir;

    private EmbeddedZooKeeper zooKeeper;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zooKeeper = new EmbeddedZooKeeper(dataDir, 0).start();
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zooKeeper.stop();
    }

    @Test
    void sessionsOpenedAndClosedLeaveNoNotificationThreadBehind() throws Exception {
        // given the notification threads alive before
        long before = notificationThreads();

        // when three brokers register, watch the metadata and close their sessions
        for (int i = 0; i < 3; i++) {
            try (var client = ZkClient.connect(zooKeeper.connectString(), TIMEOUT, TIMEOUT, Time.SYSTEM)) {
                client.createPersistentPaths();
                client.registerBroker(BROKER, TIMEOUT);
                try (var view = new ZkMetadataCache(client, BROKER.id(), LocalReplicaListener.NONE)) {
                    view.start(TIMEOUT);
                }
            }
        }

        // then none of theirs is left
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (notificationThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(notificationThreads()).isLessThanOrEqualTo(before);
    }

    /** Curator's own notification thread ("Curator-SafeNotifyService") and the one ZkClient gives it instead. */
    private static long notificationThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().contains("SafeNotify") || t.getName().equals("zk-safe-notify"))
                .count();
    }
}
