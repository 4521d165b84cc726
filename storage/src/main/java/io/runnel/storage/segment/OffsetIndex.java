package io.runnel.storage.segment;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The sparse offset index of a segment ({@code <baseOffset>.index}), byte-compatible with Kafka's.
 *
 * <p>Format: a sequence of 8-byte entries, big-endian, no header:
 *
 * <pre>
 *   relativeOffset int32   offset - segment base offset, strictly increasing
 *   position       int32   byte position in the .log file of the batch holding that offset
 * </pre>
 *
 * One entry is written about every {@code index.interval.bytes} of log data, so a lookup lands within that many
 * bytes of the wanted batch and a short scan of the log finishes the search. The file is preallocated to
 * {@code segment.index.bytes} (rounded down to a multiple of 8) while its segment is active, unused slots being
 * zero, and trimmed to its entries when the segment rolls or closes.
 */
public final class OffsetIndex extends IndexFile {

    public static final int ENTRY_SIZE = 8;

    public OffsetIndex(Path file, long baseOffset, int maxIndexSize) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /**
     * The last entry at or below {@code targetOffset}, or (baseOffset, 0) when there is none, i.e. where a scan
     * of the log for that offset should start.
     */
    public OffsetPosition lookup(long targetOffset) {
        lock();
        try {
            int slot = largestSlotAtOrBelow(targetOffset);
            if (slot < 0) {
                return new OffsetPosition(baseOffset(), 0);
            }
            return entry(slot);
        } finally {
            unlock();
        }
    }

    /** The entry in {@code slot}. */
    public OffsetPosition entry(int slot) {
        lock();
        try {
            if (slot < 0 || slot >= entries()) {
                throw new IndexOutOfBoundsException("Slot " + slot + " of " + entries() + " in " + file());
            }
            var buffer = mmap();
            return new OffsetPosition(offsetAt(buffer, slot), buffer.getInt(slot * ENTRY_SIZE + 4));
        } finally {
            unlock();
        }
    }

    /** The last entry, or (baseOffset, 0) when empty. */
    public OffsetPosition lastEntry() {
        lock();
        try {
            return entries() == 0 ? new OffsetPosition(baseOffset(), 0) : entry(entries() - 1);
        } finally {
            unlock();
        }
    }

    /**
     * Appends an entry for {@code offset} at {@code position}.
     *
     * @throws IllegalArgumentException if the offset does not go beyond the last entry's: entries must stay
     *     sorted for the binary search
     */
    public void append(long offset, int position) {
        lock();
        try {
            int relative = relativeOffset(offset);
            if (entries() > 0 && offset <= offsetAt(mmap(), entries() - 1)) {
                throw new IllegalArgumentException("Offset " + offset + " is not above the last entry "
                        + offsetAt(mmap(), entries() - 1) + " of " + file());
            }
            appendEntry(buffer -> buffer.putInt(relative).putInt(position));
        } finally {
            unlock();
        }
    }

    @Override
    protected long keyAt(MappedByteBuffer buffer, int slot) {
        return offsetAt(buffer, slot);
    }

    @Override
    protected long offsetAt(MappedByteBuffer buffer, int slot) {
        return baseOffset() + buffer.getInt(slot * ENTRY_SIZE);
    }

    @Override
    protected boolean strictOffsets() {
        return true;
    }
}
