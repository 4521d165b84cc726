package io.runnel.storage.producer;

/** Where a producer's batch landed: its sequence range, its offset range and its max timestamp. */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {

    /** {@code lastOffset - firstOffset}, which for v2 batches is also the sequence span. */
    public int offsetDelta() {
        return (int) (lastOffset - firstOffset);
    }
}
