package io.runnel.storage.segment;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The sparse time index of a segment ({@code <baseOffset>.timeindex}), byte-compatible with Kafka's.
 *
 * <p>Format: a sequence of 12-byte entries, big-endian, no header:
 *
 * <pre>
 *   timestamp      int64   a batch max timestamp, strictly increasing from entry to entry
 *   relativeOffset int32   offset - segment base offset of the last record of the batch with that timestamp
 * </pre>
 *
 * An entry (t, o) says: the largest timestamp seen up to offset o is t. Entries are appended along with offset
 * index entries, only when the timestamp grew, so looking up the last entry at or below a timestamp gives where to
 * start scanning. One slot is always kept free ({@link #isFull()} counts it) for the entry that records the
 * segment's maximum timestamp when it becomes inactive, as Kafka does.
 */
public final class TimeIndex extends IndexFile<TimestampOffset> {

    public static final int ENTRY_SIZE = 12;

    public TimeIndex(Path file, long baseOffset, int maxIndexSize) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    @Override
    public boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /** (NO_TIMESTAMP, baseOffset): no timestamp of the segment is known at or below the target. */
    @Override
    protected TimestampOffset noEntry() {
        return new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset());
    }

    @Override
    protected TimestampOffset entryAt(MappedByteBuffer buffer, int slot) {
        return new TimestampOffset(keyAt(buffer, slot), offsetAt(buffer, slot));
    }

    /**
     * Appends (timestamp, offset) if the timestamp is above the last entry's; an equal or older timestamp adds
     * nothing since the last entry already covers it.
     *
     * @param skipFullCheck the final entry written when the segment becomes inactive may use the reserved slot
     */
    public void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        var buffer = appendLockedMapping();
        try {
            if (!skipFullCheck && isFull()) {
                throw new IllegalStateException("Time index " + file() + " is full");
            }
            int n = entries();
            if (n > 0) {
                long lastOffset = offsetAt(buffer, n - 1);
                if (offset < lastOffset) {
                    throw new IllegalArgumentException("Offset " + offset + " is below the last entry "
                            + entryAt(buffer, n - 1) + " of " + file());
                }
                if (timestamp <= keyAt(buffer, n - 1)) {
                    return;
                }
            }
            if (timestamp == RecordBatch.NO_TIMESTAMP) {
                return;
            }
            int relative = relativeOffset(offset);
            int at = nextSlotPosition();
            buffer.putLong(at, timestamp);
            buffer.putInt(at + 8, relative);
            publishEntry();
        } finally {
            appendUnlock();
        }
    }

    public void maybeAppend(long timestamp, long offset) {
        maybeAppend(timestamp, offset, false);
    }

    @Override
    protected long keyAt(MappedByteBuffer buffer, int slot) {
        return buffer.getLong(slot * ENTRY_SIZE);
    }

    @Override
    protected long offsetAt(MappedByteBuffer buffer, int slot) {
        return baseOffset() + buffer.getInt(slot * ENTRY_SIZE + 8);
    }

    @Override
    protected boolean strictOffsets() {
        return false;
    }
}
