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
public final class OffsetIndex extends IndexFile<OffsetPosition> {

    public static final int ENTRY_SIZE = 8;

    public OffsetIndex(Path file, long baseOffset, int maxIndexSize) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /** (baseOffset, 0): a scan of the log for an offset below every entry starts at the segment's start. */
    @Override
    protected OffsetPosition noEntry() {
        return new OffsetPosition(baseOffset(), 0);
    }

    @Override
    protected OffsetPosition entryAt(MappedByteBuffer buffer, int slot) {
        return new OffsetPosition(offsetAt(buffer, slot), buffer.getInt(slot * ENTRY_SIZE + 4));
    }

    /**
     * Appends an entry for {@code offset} at {@code position}.
     *
     * @throws IllegalArgumentException if the offset does not go beyond the last entry's: entries must stay
     *     sorted for the binary search
     */
    public void append(long offset, int position) {
        int relative = relativeOffset(offset);
        var buffer = appendLockedMapping();
        try {
            int n = entries();
            if (n > 0 && offset <= offsetAt(buffer, n - 1)) {
                throw new IllegalArgumentException("Offset " + offset + " is not above the last entry "
                        + offsetAt(buffer, n - 1) + " of " + file());
            }
            int at = nextSlotPosition();
            buffer.putInt(at, relative);
            buffer.putInt(at + 4, position);
            publishEntry();
        } finally {
            appendUnlock();
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
