package io.runnel.storage.epoch;

/** A leader epoch and the offset of its first record in the log. */
public record EpochEntry(int epoch, long startOffset) {
    public EpochEntry {
        if (epoch < 0 || startOffset < 0) {
            throw new IllegalArgumentException(
                    "Invalid leader epoch entry: epoch " + epoch + ", start offset " + startOffset);
        }
    }
}
