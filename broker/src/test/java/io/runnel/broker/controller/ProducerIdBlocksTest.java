package io.runnel.broker.controller;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.metadata.ProducerIdBlock;
import io.runnel.broker.testing.ZkBroker;
import io.runnel.broker.zk.EmbeddedZooKeeper;
import io.runnel.broker.zk.ProducerIdBlockZNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerIdBlocksTest {

    @TempDir
    Path dir;

    @Test
    void blocksAreConsecutiveAndNeverOverlapAcrossBrokers() throws Exception {
        try (EmbeddedZooKeeper zookeeper = new EmbeddedZooKeeper(dir, 0).start();
                ZkBroker one = ZkBroker.start(zookeeper, 1);
                ZkBroker two = ZkBroker.start(zookeeper, 2)) {
            List<CompletableFuture<List<ProducerIdBlock>>> allocations = new ArrayList<>();
            for (ZkBroker broker : List.of(one, two)) {
                allocations.add(CompletableFuture.supplyAsync(() -> {
                    List<ProducerIdBlock> blocks = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        blocks.add(broker.producerIds.nextBlock());
                    }
                    return blocks;
                }));
            }
            List<ProducerIdBlock> all = new ArrayList<>();
            allocations.forEach(a -> all.addAll(a.join()));
            all.sort(Comparator.comparingLong(ProducerIdBlock::firstProducerId));

            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).firstProducerId()).isEqualTo(i * 1000L);
                assertThat(all.get(i).lastProducerId()).isEqualTo(i * 1000L + 999);
            }
            assertThat(all).extracting(ProducerIdBlock::brokerId).contains(1, 2);
            ProducerIdBlock latest =
                    ProducerIdBlockZNode.decode(one.zk.curator().getData().forPath(ProducerIdBlockZNode.PATH));
            assertThat(latest.lastProducerId()).isEqualTo(19_999L);
        }
    }
}
