package io.runnel.storage.segment;

/** A time index entry: a timestamp and the offset from which records have at least that timestamp. */
public record TimestampOffset(long timestamp, long offset) {}
