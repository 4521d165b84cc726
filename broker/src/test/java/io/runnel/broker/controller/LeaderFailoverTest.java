package io.runnel.broker.controller;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.PartitionState;
import io.runnel.broker.testing.ZkBroker;
import io.runnel.broker.zk.EmbeddedZooKeeper;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderFailoverTest {

    @TempDir
    Path dir;

    @Test
    void whenTheLeaderDiesTheControllerElectsTheLiveIsrMemberWithANewEpoch() {
        TopicPartition partition = new TopicPartition("replicated", 0);
        try (EmbeddedZooKeeper zookeeper = new EmbeddedZooKeeper(dir, 0).start();
                ZkBroker controller = ZkBroker.start(zookeeper, 1)) {
            ZkBroker leader = ZkBroker.start(zookeeper, 2);
            controller.await(m -> m.brokers().size() == 2);
            controller
                    .topics
                    .createTopics(
                            List.of(new NewTopic("replicated", -1, (short) -1, Map.of(0, List.of(2, 1)), Map.of())),
                            false)
                    .join();
            ClusterMetadata before =
                    controller.await(m -> m.partitionState(partition).isPresent());
            assertThat(before.partitionState(partition).orElseThrow().leader()).isEqualTo(2);

            leader.close();

            ClusterMetadata after = controller.await(
                    m -> m.partitionState(partition).map(s -> s.leader() == 1).orElse(false));
            assertThat(after.partitionState(partition).orElseThrow())
                    .isEqualTo(new PartitionState(1, 1, List.of(1), controller.controller.epoch()));
        }
    }
}
