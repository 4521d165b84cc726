package io.runnel.broker.group.records;

/**
 * The key of a record in {@code __consumer_offsets}. Every key belongs to one group, which is what maps it to an
 * offsets partition and what log compaction keeps the latest value of.
 */
public sealed interface CoordinatorRecordKey
        permits OffsetCommitKey, GroupMetadataKey, ConsumerGroupKey, UnknownRecordKey {

    String group();
}
