package io.runnel.storage.segment;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
 * <p>Concurrency: lookups run in parallel with each other and with an append. An entry is written into its slot
 * first and published by then incrementing the volatile entry count, so a lookup that reads the count once
 * searches a consistent prefix of whole entries; the buffer is only read and written with absolute gets and puts,
 * so no position is shared. What lookups must exclude is the mapping being replaced or unmapped (resize, close,
 * delete), which would crash the JVM rather than throw, and truncation, after which slots are rewritten: those
 * take the write lock of a read-write lock whose read lock lookups and appends hold. Appends are serialised by a
 * lock of their own (the owning log serialises them anyway; this keeps the index's invariants local).
 *
 * @param <E> the decoded entry: {@link OffsetPosition} or {@link TimestampOffset}
 */
public abstract sealed class IndexFile<E> implements Closeable permits OffsetIndex, TimeIndex {

    private final ReentrantReadWriteLock mappingLock = new ReentrantReadWriteLock();
    /** Held while using the mapping: lookups, appends, flushes. */
    private final Lock readLock = mappingLock.readLock();
    /** Held while replacing or releasing the mapping, or removing entries. */
    private final Lock writeLock = mappingLock.writeLock();
    /** Serialises appends; taken before {@link #readLock}. */
    private final ReentrantLock appendLock = new ReentrantLock();

    private final long baseOffset;
    private final int entrySize;
    private volatile Path file;
    /** Length the file has, or will have once mapped; a whole number of entries. */
    private volatile long length;

    /** Read under {@link #readLock}, replaced under {@link #writeLock}. */
    private MappedByteBuffer mmap;
    /** Entries published to lookups: every slot below it is completely written. */
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

    /**
     * Takes the read lock, under which the mapping is neither replaced nor released, and returns the mapping
     * (created on first use). Release with {@link #readUnlock()}.
     */
    protected final MappedByteBuffer readLockedMapping() {
        readLock.lock();
        var buffer = mmap;
        if (buffer != null) {
            return buffer;
        }
        readLock.unlock();
        writeLock.lock();
        try {
            buffer = mapping();
            // Downgrade: the mapping cannot go away between here and the caller's use.
            readLock.lock();
        } finally {
            writeLock.unlock();
        }
        return buffer;
    }

    protected final void readUnlock() {
        readLock.unlock();
    }

    /**
     * Takes the append lock and the read lock and returns the mapping; appends write their entry in slot
     * {@link #entries()} with absolute puts, then {@link #publishEntry()}. Release with {@link #appendUnlock()}.
     */
    protected final MappedByteBuffer appendLockedMapping() {
        appendLock.lock();
        try {
            return readLockedMapping();
        } catch (RuntimeException e) {
            appendLock.unlock();
            throw e;
        }
    }

    protected final void appendUnlock() {
        readLock.unlock();
        appendLock.unlock();
    }

    /**
     * The byte position of the next free slot; the caller holds the append lock.
     *
     * @throws IllegalStateException when the index is full
     */
    protected final int nextSlotPosition() {
        int n = entries;
        if (n >= maxEntries()) {
            throw new IllegalStateException("Index " + file + " is full (" + n + " entries)");
        }
        return n * entrySize;
    }

    /** Makes the entry just written in the next free slot visible to lookups. Caller holds the append lock. */
    protected final void publishEntry() {
        entries = entries + 1;
    }

    /** The mapping, created on first use. Caller holds the write lock. */
    private MappedByteBuffer mapping() {
        if (mmap == null) {
            try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
                if (raf.length() != length) {
                    raf.setLength(length);
                }
                mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
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

    /**
     * The largest of the first {@code n} slots whose key is at or below {@code target}, by binary search; -1 when
     * the first entry is already above it. Caller holds the read lock.
     */
    protected final int largestSlotAtOrBelow(MappedByteBuffer buffer, int n, long target) {
        if (n == 0) {
            return -1;
        }
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

    /**
     * The last entry whose key is at or below {@code target}, or {@link #noEntry()} when there is none, i.e. where
     * a scan of the log for that key should start. Runs in parallel with other lookups and with an append.
     */
    public E lookup(long target) {
        var buffer = readLockedMapping();
        try {
            int slot = largestSlotAtOrBelow(buffer, entries(), target);
            return slot < 0 ? noEntry() : entryAt(buffer, slot);
        } finally {
            readUnlock();
        }
    }

    /** The entry in {@code slot}. */
    public E entry(int slot) {
        var buffer = readLockedMapping();
        try {
            if (slot < 0 || slot >= entries()) {
                throw new IndexOutOfBoundsException("Slot " + slot + " of " + entries() + " in " + file());
            }
            return entryAt(buffer, slot);
        } finally {
            readUnlock();
        }
    }

    /** The last entry, or {@link #noEntry()} when empty. */
    public E lastEntry() {
        var buffer = readLockedMapping();
        try {
            int n = entries();
            return n == 0 ? noEntry() : entryAt(buffer, n - 1);
        } finally {
            readUnlock();
        }
    }

    /** The entry in {@code slot}, decoded. Caller holds the read lock. */
    protected abstract E entryAt(MappedByteBuffer buffer, int slot);

    /** What {@link #lookup} and {@link #lastEntry} answer when no entry qualifies. */
    protected abstract E noEntry();

    /** The sort key of the entry in {@code slot} (absolute offset or timestamp). */
    protected abstract long keyAt(MappedByteBuffer buffer, int slot);

    /** Drops every entry whose offset is at or above {@code offset}. */
    public void truncateTo(long offset) {
        writeLock.lock();
        try {
            int keep = 0;
            if (entries > 0) {
                var buffer = mapping();
                while (keep < entries && offsetAt(buffer, keep) < offset) {
                    keep++;
                }
            }
            entries = keep;
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes all entries. */
    public void reset() {
        writeLock.lock();
        try {
            entries = 0;
        } finally {
            writeLock.unlock();
        }
    }

    protected abstract long offsetAt(MappedByteBuffer buffer, int slot);

    /**
     * Sets the file length to {@code newSize} rounded down to whole entries (never below the entries held); the
     * active segment's index is grown back to {@code segment.index.bytes} when a log reopens.
     */
    public void resize(int newSize) {
        writeLock.lock();
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
            // dead mappings would pile up towards vm.max_map_count. Safe: no lookup holds the read lock now.
            unmap();
            try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(length);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot resize index " + file, e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Creates the file at its preallocated length (sparse) if it does not exist yet, as mapping it would, but without
     * mapping it: the active segment gets its index files with its first data, where Kafka's users expect them (an
     * {@code ls} of a partition that received records shows its {@code .index} and {@code .timeindex}).
     */
    public void preallocateIfAbsent() {
        writeLock.lock();
        try {
            if (mmap == null && !Files.exists(file)) {
                try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create index " + file, e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Creates the (empty) file if it was never needed, so a segment with data has its index files on disk. */
    public void createIfAbsent() {
        writeLock.lock();
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
            writeLock.unlock();
        }
    }

    /** Cuts the preallocated tail: the file then holds exactly its entries. */
    public void trimToValidSize() {
        resize(sizeInBytes());
    }

    public void flush() {
        // The read lock: forcing the pages to disk neither needs nor may block lookups and appends.
        readLock.lock();
        try {
            if (mmap != null) {
                mmap.force();
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Renames the file (segment deletion marks files {@code .deleted} before removing them). */
    public void renameTo(Path target) throws IOException {
        writeLock.lock();
        try {
            if (Files.exists(file)) {
                Files.move(file, target);
            }
            file = target;
        } finally {
            writeLock.unlock();
        }
    }

    /** Releases the mapping; the index maps itself again if used afterwards. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            unmap();
        } finally {
            writeLock.unlock();
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
        writeLock.lock();
        try {
            unmap();
            Files.deleteIfExists(file);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Checks what can be checked without trusting the content: whole entries only, every offset at or above the
     * base offset and never decreasing, keys strictly increasing.
     *
     * @throws CorruptIndexException naming the file and the first bad slot
     */
    public void sanityCheck() {
        long fileLength;
        try {
            fileLength = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check index " + file, e);
        }
        if (fileLength % entrySize != 0) {
            throw new CorruptIndexException("Index " + file + " has size " + fileLength
                    + " which is not a multiple of the entry size " + entrySize);
        }
        var buffer = readLockedMapping();
        try {
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
        } finally {
            readUnlock();
        }
    }

    /** Whether offsets must strictly increase (offset index) or may repeat (time index). */
    protected abstract boolean strictOffsets();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + file + ", entries=" + entries + ")";
    }
}
