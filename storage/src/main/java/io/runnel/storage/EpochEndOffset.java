package io.runnel.storage;

/** An OffsetForLeaderEpoch answer: the largest epoch at or below the one asked for, and where it ends. */
public record EpochEndOffset(int leaderEpoch, long endOffset) {}
