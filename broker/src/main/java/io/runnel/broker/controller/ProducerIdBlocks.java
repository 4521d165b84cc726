package io.runnel.broker.controller;

import io.runnel.broker.metadata.ProducerIdBlock;

/** Hands out cluster-unique blocks of producer ids to this broker (for InitProducerId). Blocking. */
public interface ProducerIdBlocks {

    /** Producer ids per block, as Kafka's ProducerIdManager. */
    int BLOCK_SIZE = 1000;

    /** Reserves the next block after the latest one allocated by any broker. */
    ProducerIdBlock nextBlock();
}
