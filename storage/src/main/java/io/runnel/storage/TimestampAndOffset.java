package io.runnel.storage;

/** A ListOffsets answer: the timestamp found, its offset and the leader epoch of that record (or -1). */
public record TimestampAndOffset(long timestamp, long offset, int leaderEpoch) {}
