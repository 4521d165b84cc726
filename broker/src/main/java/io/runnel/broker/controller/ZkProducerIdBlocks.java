package io.runnel.broker.controller;

import io.runnel.broker.metadata.ProducerIdBlock;
import io.runnel.broker.zk.ProducerIdBlockZNode;
import io.runnel.broker.zk.ZkClient;
import io.runnel.broker.zk.ZkUnavailableException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.KafkaException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Allocates producer id blocks through {@code /latest_producer_id_block} the way Kafka's ZooKeeper-mode
 * ProducerIdManager does: read the latest block and its znode version, write the following block with a
 * conditional set, and start over if another broker got there first. A missing or empty znode means no block
 * was ever allocated; the first block starts at 0.
 */
public final class ZkProducerIdBlocks implements ProducerIdBlocks {

    private static final int MAX_ATTEMPTS = 100;

    private final CuratorFramework curator;
    private final int brokerId;

    public ZkProducerIdBlocks(ZkClient zk, int brokerId) {
        this.curator = zk.curator();
        this.brokerId = brokerId;
    }

    @Override
    public ProducerIdBlock nextBlock() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = curator.getData().storingStatIn(stat).forPath(ProducerIdBlockZNode.PATH);
                } catch (KeeperException.NoNodeException e) {
                    data = null;
                    stat = null;
                }
                long first = 0;
                if (data != null && data.length > 0) {
                    long lastEnd = ProducerIdBlockZNode.decode(data).lastProducerId();
                    if (lastEnd > Long.MAX_VALUE - BLOCK_SIZE) {
                        throw new KafkaException("Producer ids exhausted: the last block ended at " + lastEnd);
                    }
                    first = lastEnd + 1;
                }
                ProducerIdBlock block = new ProducerIdBlock(brokerId, first, first + BLOCK_SIZE - 1);
                byte[] encoded = ProducerIdBlockZNode.encode(block);
                if (stat == null) {
                    curator.create().creatingParentsIfNeeded().forPath(ProducerIdBlockZNode.PATH, encoded);
                } else {
                    curator.setData().withVersion(stat.getVersion()).forPath(ProducerIdBlockZNode.PATH, encoded);
                }
                return block;
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException raced) {
                // another broker allocated a block meanwhile: read again
            } catch (KafkaException e) {
                throw e;
            } catch (Exception e) {
                throw ZkUnavailableException.wrap("allocate producer id block", e);
            }
        }
        throw new ZkUnavailableException(
                "could not allocate a producer id block after " + MAX_ATTEMPTS + " conflicting attempts");
    }
}
