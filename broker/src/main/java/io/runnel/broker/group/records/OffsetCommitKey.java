package io.runnel.broker.group.records;

/** Key of a committed offset in {@code __consumer_offsets}: which group's position in which partition. */
public record OffsetCommitKey(String group, String topic, int partition) implements CoordinatorRecordKey {}
