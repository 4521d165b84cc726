package io.runnel.broker.server;

import io.runnel.broker.api.producer.ProducerIdSource;
import io.runnel.broker.controller.ProducerIdBlocks;
import io.runnel.broker.metadata.ProducerIdBlock;
import io.runnel.broker.zk.ZkUnavailableException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;

/**
 * Producer ids handed out one by one from blocks reserved in the cluster ({@link ProducerIdBlocks}), a new block
 * fetched when the current one is used up, as Kafka's ProducerIdManager. Called on request-handler threads; the
 * fetch blocks the caller on ZooKeeper, once per {@link ProducerIdBlocks#BLOCK_SIZE} ids.
 */
public final class BlockProducerIdSource implements ProducerIdSource {

    private final ProducerIdBlocks blocks;
    private ProducerIdBlock block;
    private long next;

    public BlockProducerIdSource(ProducerIdBlocks blocks) {
        this.blocks = blocks;
    }

    /** @throws CoordinatorLoadInProgressException (retriable) while no block can be reserved */
    @Override
    public synchronized long nextProducerId() {
        if (block == null || next > block.lastProducerId()) {
            try {
                block = blocks.nextBlock();
            } catch (ZkUnavailableException e) {
                throw new CoordinatorLoadInProgressException("Cannot reserve a producer id block: " + e.getMessage());
            }
            next = block.firstProducerId();
        }
        return next++;
    }
}
