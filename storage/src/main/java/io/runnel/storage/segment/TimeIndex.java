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
public final class TimeIndex extends IndexFile {

    public static final int ENTRY_SIZE = 12;

    public TimeIndex(Path file, long baseOffset, int maxIndexSize) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    @Override
    public boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /** The last entry whose timestamp is at or below {@code targetTimestamp}, or (NO_TIMESTAMP, baseOffset). */
    public TimestampOffset lookup(long targetTimestamp) {
        lock();
        try {
            int slot = largestSlotAtOrBelow(targetTimestamp);
            if (slot < 0) {
                return new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset());
            }
            return entry(slot);
        } finally {
            unlock();
        }
    }

    public TimestampOffset entry(int slot) {
        lock();
        try {
            if (slot < 0 || slot >= entries()) {
                throw new IndexOutOfBoundsException("Slot " + slot + " of " + entries() + " in " + file());
            }
            var buffer = mmap();
            return new TimestampOffset(keyAt(buffer, slot), offsetAt(buffer, slot));
        } finally {
            unlock();
        }
    }

    /** The last entry, or (NO_TIMESTAMP, baseOffset) when empty. */
    public TimestampOffset lastEntry() {
        lock();
        try {
            return entries() == 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset()) : entry(entries() - 1);
        } finally {
            unlock();
        }
    }

    /**
     * Appends (timestamp, offset) if the timestamp is above the last entry's; an equal or older timestamp adds
     * nothing since the last entry already covers it.
     *
     * @param skipFullCheck the final entry written when the segment becomes inactive may use the reserved slot
     */
    public void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        lock();
        try {
            if (!skipFullCheck && isFull()) {
                throw new IllegalStateException("Time index " + file() + " is full");
            }
            if (entries() > 0) {
                var last = entry(entries() - 1);
                if (offset < last.offset()) {
                    throw new IllegalArgumentException(
                            "Offset " + offset + " is below the last entry " + last + " of " + file());
                }
                if (timestamp <= last.timestamp()) {
                    return;
                }
            }
            if (timestamp == RecordBatch.NO_TIMESTAMP) {
                return;
            }
            int relative = relativeOffset(offset);
            appendEntry(buffer -> buffer.putLong(timestamp).putInt(relative));
        } finally {
            unlock();
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
