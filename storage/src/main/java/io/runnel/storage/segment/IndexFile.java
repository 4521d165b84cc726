package io.runnel.storage.segment;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.common.utils.internals.ByteBufferUnmapper;

/**
 * A file of fixed-size entries sorted by offset, memory-mapped on first use.
 *
 * <p>The mapping is created lazily and released on {@link #close()} so that thousands of partitions can be open
 * at once without exhausting {@code vm.max_map_count}: an index of a segment nobody reads costs no mapping and no
 * file descriptor (the descriptor is closed right after mapping). A new index is preallocated to its maximum size
 * (rounded down to a whole number of entries) so appends never extend the file; {@link #trimToValidSize()} cuts
 * it to its entries when the segment stops being active, which is also how a clean shutdown leaves it.
 *
 * <p>All operations take this index's own lock: a lookup must never run against a buffer being remapped or
 * unmapped, which would crash the JVM rather than throw.
 */
public abstract sealed class IndexFile implements Closeable permits OffsetIndex, TimeIndex {

    private final ReentrantLock lock = new ReentrantLock();
    private final long baseOffset;
    private final int entrySize;
    private volatile Path file;
    /** Length the file has, or will have once mapped; a whole number of entries. */
    private long length;

    private MappedByteBuffer mmap;
    private volatile int entries;

    protected IndexFile(Path file, long baseOffset, int maxIndexSize, int entrySize) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        long existing = existingLength(file);
        if (existing < 0) {
            this.length = Math.max(entrySize, roundDown(maxIndexSize));
            this.entries = 0;
        } else {
            // An existing index is taken at its own length: a cleanly closed index is trimmed to its entries.
            // An untrimmed (unclean) one is rebuilt by recovery before anyone trusts it.
            this.length = existing;
            this.entries = (int) (existing / entrySize);
        }
    }

    private static long existingLength(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stat index " + file, e);
        }
    }

    private long roundDown(long size) {
        return size - size % entrySize;
    }

    public Path file() {
        return file;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int entries() {
        return entries;
    }

    public int maxEntries() {
        return (int) (length / entrySize);
    }

    public boolean isFull() {
        return entries >= maxEntries();
    }

    /** Size of the index's entries in bytes (not the preallocated length). */
    public int sizeInBytes() {
        return entries * entrySize;
    }

    protected int entrySize() {
        return entrySize;
    }

    protected final void lock() {
        lock.lock();
    }

    protected final void unlock() {
        lock.unlock();
    }

    /** The mapping, created on first use. Caller holds the lock. */
    protected final MappedByteBuffer mmap() {
        if (mmap == null) {
            try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
                if (raf.length() != length) {
                    raf.setLength(length);
                }
                mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
                mmap.position(entries * entrySize);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot map index " + file, e);
            }
        }
        return mmap;
    }

    /** Offset relative to the base offset, checked to fit the 4-byte field. */
    protected final int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IndexOffsetOverflowException(
                    "Offset " + offset + " cannot be stored relative to base offset " + baseOffset + " in " + file);
        }
        return (int) relative;
    }

    /** Appends an entry; caller holds the lock and has checked ordering. */
    protected final void appendEntry(java.util.function.Consumer<MappedByteBuffer> writer) {
        if (entries >= maxEntries()) {
            throw new IllegalStateException("Index " + file + " is full (" + entries + " entries)");
        }
        var buffer = mmap();
        writer.accept(buffer);
        entries++;
        if (buffer.position() != entries * entrySize) {
            throw new IllegalStateException("Index " + file + " entry written with a wrong size");
        }
    }

    /**
     * The largest slot whose key is at or below {@code target}, by binary search over the entries; -1 when the
     * first entry is already above it. Caller holds the lock.
     */
    protected final int largestSlotAtOrBelow(long target) {
        int n = entries;
        if (n == 0) {
            return -1;
        }
        var buffer = mmap();
        if (keyAt(buffer, 0) > target) {
            return -1;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (keyAt(buffer, mid) <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The sort key of the entry in {@code slot} (absolute offset or timestamp). */
    protected abstract long keyAt(MappedByteBuffer buffer, int slot);

    /** Drops every entry whose offset is at or above {@code offset}. */
    public void truncateTo(long offset) {
        lock();
        try {
            var buffer = mmap();
            int keep = 0;
            while (keep < entries && offsetAt(buffer, keep) < offset) {
                keep++;
            }
            truncateToEntries(keep);
        } finally {
            unlock();
        }
    }

    /** Removes all entries. */
    public void reset() {
        lock();
        try {
            truncateToEntries(0);
        } finally {
            unlock();
        }
    }

    protected abstract long offsetAt(MappedByteBuffer buffer, int slot);

    protected final void truncateToEntries(int keep) {
        entries = keep;
        mmap().position(keep * entrySize);
    }

    /**
     * Sets the file length to {@code newSize} rounded down to whole entries (never below the entries held); the
     * active segment's index is grown back to {@code segment.index.bytes} when a log reopens.
     */
    public void resize(int newSize) {
        lock();
        try {
            long newLength = Math.max(roundDown(newSize), (long) entries * entrySize);
            if (newLength == length) {
                return;
            }
            length = newLength;
            if (mmap == null && entries == 0 && !Files.exists(file)) {
                // Never used: the file is created at its length when first mapped. Creating files for the indexes
                // of idle segments would cost two file creations per partition at every start and close.
                return;
            }
            // Unmapped at once rather than left to the GC (Kafka's choice on Linux): with thousands of logs rolling,
            // dead mappings would pile up towards vm.max_map_count. Safe because no lookup outlives the lock.
            unmap();
            try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(length);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot resize index " + file, e);
            }
        } finally {
            unlock();
        }
    }

    /** Creates the (empty) file if it was never needed, so a segment with data has its index files on disk. */
    public void createIfAbsent() {
        lock();
        try {
            if (mmap == null && !Files.exists(file)) {
                try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength((long) entries * entrySize);
                }
                length = (long) entries * entrySize;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create index " + file, e);
        } finally {
            unlock();
        }
    }

    /** Cuts the preallocated tail: the file then holds exactly its entries. */
    public void trimToValidSize() {
        resize(sizeInBytes());
    }

    public void flush() {
        lock();
        try {
            if (mmap != null) {
                mmap.force();
            }
        } finally {
            unlock();
        }
    }

    /** Renames the file (segment deletion marks files {@code .deleted} before removing them). */
    public void renameTo(Path target) throws IOException {
        lock();
        try {
            if (Files.exists(file)) {
                Files.move(file, target);
            }
            file = target;
        } finally {
            unlock();
        }
    }

    /** Releases the mapping; the index maps itself again if used afterwards. */
    @Override
    public void close() {
        lock();
        try {
            unmap();
        } finally {
            unlock();
        }
    }

    private void unmap() {
        if (mmap != null) {
            try {
                ByteBufferUnmapper.unmap(file.toString(), mmap);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unmap index " + file, e);
            } finally {
                mmap = null;
            }
        }
    }

    /** Closes and deletes the file. */
    public void deleteIfExists() throws IOException {
        lock();
        try {
            unmap();
            Files.deleteIfExists(file);
        } finally {
            unlock();
        }
    }

    /**
     * Checks what can be checked without trusting the content: whole entries only, every offset at or above the
     * base offset and never decreasing, keys strictly increasing.
     *
     * @throws CorruptIndexException naming the file and the first bad slot
     */
    public void sanityCheck() {
        lock();
        try {
            long fileLength = Files.exists(file) ? Files.size(file) : 0;
            if (fileLength % entrySize != 0) {
                throw new CorruptIndexException("Index " + file + " has size " + fileLength
                        + " which is not a multiple of the entry size " + entrySize);
            }
            var buffer = mmap();
            long previousOffset = -1;
            long previousKey = Long.MIN_VALUE;
            for (int slot = 0; slot < entries; slot++) {
                long offset = offsetAt(buffer, slot);
                long key = keyAt(buffer, slot);
                if (offset < baseOffset || (slot > 0 && offset <= previousOffset && strictOffsets())) {
                    throw new CorruptIndexException("Index " + file + " slot " + slot + " has offset " + offset
                            + " after " + previousOffset + " (base offset " + baseOffset + ")");
                }
                // Keys (offsets, or timestamps: the time index only appends growing ones) strictly increase; the
                // zero-filled tail of an index that was never trimmed fails here.
                if (slot > 0 && key <= previousKey) {
                    throw new CorruptIndexException(
                            "Index " + file + " slot " + slot + " key " + key + " does not go above " + previousKey);
                }
                previousOffset = offset;
                previousKey = key;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check index " + file, e);
        } finally {
            unlock();
        }
    }

    /** Whether offsets must strictly increase (offset index) or may repeat (time index). */
    protected abstract boolean strictOffsets();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + file + ", entries=" + entries + ")";
    }
}
