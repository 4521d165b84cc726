package io.runnel.broker.controller;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.testing.ZkBroker;
import io.runnel.broker.zk.ControllerEpochZNode;
import io.runnel.broker.zk.ControllerZNode;
import io.runnel.broker.zk.EmbeddedZooKeeper;
import io.runnel.broker.zk.ZkClient;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerElectionTest {

    @TempDir
    static Path dir;

    static EmbeddedZooKeeper zookeeper;

    @BeforeAll
    static void startZooKeeper() {
        zookeeper = new EmbeddedZooKeeper(dir.resolve("zk"), 0).start();
    }

    @AfterAll
    static void stopZooKeeper() {
        zookeeper.stop();
    }

    private static int readEpoch(ZkBroker broker) throws Exception {
        return ControllerEpochZNode.decode(broker.zk.curator().getData().forPath(ControllerEpochZNode.PATH));
    }

    private static int readControllerId(ZkBroker broker) throws Exception {
        return ControllerZNode.decode(broker.zk.curator().getData().forPath(ControllerZNode.PATH));
    }

    @Test
    void exactlyOneOfTwoCandidatesWinsAndTheOtherTakesOverWhenItsSessionCloses() throws Exception {
        try (ZkBroker first = ZkBroker.start(zookeeper, 1)) {
            ZkBroker second = ZkBroker.start(zookeeper, 2);
            try {
                assertThat(first.controller.isActive()).isTrue();
                assertThat(second.controller.isActive()).isFalse();
                assertThat(readControllerId(second)).isEqualTo(1);
                int firstEpoch = readEpoch(second);
                assertThat(first.controller.epoch()).isEqualTo(firstEpoch);

                first.close();

                second.await(m -> m.controllerId() == 2);
                assertThat(second.controller.isActive()).isTrue();
                assertThat(readEpoch(second)).isEqualTo(firstEpoch + 1);
                assertThat(second.controller.epoch()).isEqualTo(firstEpoch + 1);
            } finally {
                second.close();
            }
        }
    }

    @Test
    void inactiveControllerRejectsTopicCommandsWithNotController() {
        try (ZkBroker first = ZkBroker.start(zookeeper, 1);
                ZkBroker second = ZkBroker.start(zookeeper, 2)) {
            assertThat(second.controller.isActive()).isFalse();

            assertThatThrownBy(() -> second.topics
                            .createTopics(List.of(NewTopic.of("t", 1, 1)), false)
                            .join())
                    .hasCauseInstanceOf(NotControllerException.class);
            assertThatThrownBy(() -> second.controller
                            .createTopics(List.of(NewTopic.of("t", 1, 1)), false)
                            .join())
                    .hasCauseInstanceOf(NotControllerException.class);
        }
    }

    @Test
    void brokerRegistrationIsEphemeralAndRemovedOnClose() throws Exception {
        try (ZkBroker observer = ZkBroker.start(zookeeper, 10)) {
            ZkBroker broker = ZkBroker.start(zookeeper, 11);
            observer.await(m -> m.brokers().containsKey(11));
            assertThat(observer.view.current().broker(11).orElseThrow().port()).isEqualTo(9092 + 11);

            broker.close();

            observer.await(m -> !m.brokers().containsKey(11));
            assertThat(observer.zk.curator().checkExists().forPath("/brokers/ids/11"))
                    .isNull();
        }
    }

    @Test
    void aSecondBrokerWithTheSameIdIsRejected() {
        try (ZkBroker broker = ZkBroker.start(zookeeper, 20);
                ZkClient other = ZkClient.connect(
                        zookeeper.connectString(), Duration.ofSeconds(6), Duration.ofSeconds(10), Time.SYSTEM)) {
            LiveBroker duplicate = new LiveBroker(20, broker.config.advertisedListeners(), java.util.Optional.empty());

            assertThatThrownBy(() -> other.registerBroker(duplicate, Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already registered");
        }
    }
}
