package io.runnel.broker.metadata;

/**
 * A range of producer ids reserved by one broker, inclusive at both ends. Blocks never overlap: each is
 * allocated with a conditional write of {@code /latest_producer_id_block}.
 */
public record ProducerIdBlock(int brokerId, long firstProducerId, long lastProducerId) {

    public ProducerIdBlock {
        if (firstProducerId < 0 || lastProducerId < firstProducerId) {
            throw new IllegalArgumentException(
                    "invalid producer id block [" + firstProducerId + ", " + lastProducerId + "]");
        }
    }

    public long size() {
        return lastProducerId - firstProducerId + 1;
    }
}
