package io.runnel.storage;

/** DescribeProducers' view of one producer's state in a partition. */
public record ProducerInfo(
        long producerId,
        short producerEpoch,
        int lastSequence,
        long lastTimestamp,
        int coordinatorEpoch,
        long currentTxnStartOffset) {}
