package io.runnel.broker.group.records;

/** Key of a classic group's metadata record in {@code __consumer_offsets}. */
public record GroupMetadataKey(String group) implements CoordinatorRecordKey {}
