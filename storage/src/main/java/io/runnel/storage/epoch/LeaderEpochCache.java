package io.runnel.storage.epoch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;

import io.runnel.storage.EpochEndOffset;
import io.runnel.storage.checkpoint.CheckpointFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader-epoch cache of one partition: for each leader epoch that wrote to the log, the offset of its first
 * record. Answers OffsetForLeaderEpoch (followers and consumers detecting log divergence) and is kept in line with
 * the log when it is truncated at either end.
 *
 * <p>The entries are persisted to the partition's {@code leader-epoch-checkpoint} file, in Kafka's format
 * ({@link CheckpointFile} version 0):
 *
 * <pre>
 * 0
 * &lt;number of entries&gt;
 * &lt;epoch&gt; &lt;startOffset&gt;       one line per epoch, ascending, separated by one space
 * </pre>
 *
 * <p>When they are persisted: a truncation (either end, or {@link #clear}) is written and fsynced before the method
 * returns. A new epoch from {@link #assign} only marks the cache dirty; the owning log calls {@link #flush} before it
 * moves its recovery point, and on close. An assign happens on the append path (the first batch of a new leader
 * epoch, so the first produce to every new partition), and two fsyncs there (the file and its directory) stalled
 * those first produce requests by tens of milliseconds while the disk was busy writing back earlier appends — the
 * problem Kafka fixed the same way in KAFKA-15046. Nothing is lost by deferring: every batch carries its leader epoch,
 * and recovery re-assigns the epochs of the batches past the recovery point, which are exactly the ones whose entries
 * may not have reached the file.
 *
 * <p>Invariant: entries are strictly increasing in both epoch and start offset.
 *
 * <p>Thread-safety: all methods are safe to call concurrently; readers share a read lock, changes take the write lock.
 */
public final class LeaderEpochCache {

    /** The leader-epoch checkpoint's file name in a partition directory. */
    public static final String CHECKPOINT_FILE_NAME = "leader-epoch-checkpoint";

    /** Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET of OffsetForLeaderEpoch. */
    public static final int UNDEFINED_EPOCH = -1;

    public static final long UNDEFINED_EPOCH_OFFSET = -1L;

    private static final Logger log = LoggerFactory.getLogger(LeaderEpochCache.class);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final int CHECKPOINT_VERSION = 0;

    private final CheckpointFile<EpochEntry> checkpoint;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** epoch -> entry; the start offsets ascend with the epochs (the invariant above). */
    private final TreeMap<Integer, EpochEntry> epochs = new TreeMap<>();
    /**
     * The last entry, published for lock-free reads: appends ask for the latest epoch on every batch, and a
     * follower calls {@link #assign} for every batch it copies, almost always with the current epoch.
     */
    private volatile EpochEntry latest;
    /** The entries changed since the file was last written (guarded by {@link #lock}). */
    private boolean dirty;
    /**
     * Serialises file writes, so a writer holding an older snapshot of the entries never overwrites a newer one.
     * Taken before {@link #lock}, never while holding it.
     */
    private final Object fileWriteMonitor = new Object();

    private LeaderEpochCache(CheckpointFile<EpochEntry> checkpoint, List<EpochEntry> entries) {
        this.checkpoint = checkpoint;
        for (EpochEntry entry : entries) {
            epochs.put(entry.epoch(), entry);
        }
        publishLatest();
    }

    /**
     * Loads the cache from {@code checkpointFile}; an absent file gives an empty cache.
     *
     * @throws io.runnel.storage.checkpoint.CorruptCheckpointException when the file does not parse
     */
    public static LeaderEpochCache load(Path checkpointFile) {
        CheckpointFile<EpochEntry> checkpoint = new CheckpointFile<>(checkpointFile, CHECKPOINT_VERSION, new Format());
        return new LeaderEpochCache(checkpoint, checkpoint.read());
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}; called when a batch of a new leader epoch is
     * appended. The same epoch again is a no-op, and so is (with a warning) an epoch below the latest or a start
     * offset below the latest entry's, which would break the invariant. An epoch above the latest whose start offset
     * is at or below existing entries' replaces them: those epochs never got records that survived (as Kafka does).
     */
    public void assign(int epoch, long startOffset) {
        EpochEntry current = latest;
        if (current != null && epoch == current.epoch() && startOffset >= current.startOffset()) {
            return;
        }
        EpochEntry entry = new EpochEntry(epoch, startOffset);
        lock.writeLock().lock();
        try {
            Map.Entry<Integer, EpochEntry> latest = epochs.lastEntry();
            if (latest != null) {
                EpochEntry last = latest.getValue();
                if (epoch == last.epoch()) {
                    if (startOffset < last.startOffset()) {
                        log.warn(
                                "Ignoring start offset {} for leader epoch {} in {}: the epoch already starts at {}",
                                startOffset,
                                epoch,
                                checkpoint.file(),
                                last.startOffset());
                    }
                    return;
                }
                if (epoch < last.epoch()) {
                    log.warn(
                            "Ignoring leader epoch {} at offset {} in {}: lower than the latest epoch {}",
                            epoch,
                            startOffset,
                            checkpoint.file(),
                            last.epoch());
                    return;
                }
            }
            List<EpochEntry> removed = new ArrayList<>();
            while (!epochs.isEmpty() && epochs.lastEntry().getValue().startOffset() >= startOffset) {
                removed.add(epochs.pollLastEntry().getValue());
            }
            // Removing one entry that started at the same offset is expected: that epoch wrote nothing.
            if (removed.size() > 1 || (removed.size() == 1 && removed.get(0).startOffset() != startOffset)) {
                log.warn(
                        "New leader epoch entry {} in {} removed conflicting entries {}",
                        entry,
                        checkpoint.file(),
                        removed);
            }
            epochs.put(epoch, entry);
            changed();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public Optional<Integer> latestEpoch() {
        return latestEntry().map(EpochEntry::epoch);
    }

    public Optional<EpochEntry> latestEntry() {
        return Optional.ofNullable(latest);
    }

    public Optional<EpochEntry> earliestEntry() {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(epochs.firstEntry()).map(Map.Entry::getValue);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The epoch of the entry covering {@code offset} (the last one starting at or before it); empty below all. */
    public Optional<Integer> epochForOffset(long offset) {
        lock.readLock().lock();
        try {
            Integer found = null;
            for (EpochEntry entry : epochs.values()) {
                if (entry.startOffset() > offset) {
                    break;
                }
                found = entry.epoch();
            }
            return Optional.ofNullable(found);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The entries, in ascending epoch order. */
    public List<EpochEntry> entries() {
        lock.readLock().lock();
        try {
            return List.copyOf(epochs.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * OffsetForLeaderEpoch, as Kafka answers it:
     *
     * <ul>
     *   <li>empty cache: empty;
     *   <li>{@code requestedEpoch} is the latest epoch: (latest, {@code logEndOffset});
     *   <li>between the earliest and the latest: (largest epoch &lt;= requested, start offset of the first epoch
     *       above the requested one);
     *   <li>below the earliest epoch: (requested, start offset of the earliest epoch). Kafka answers so because the
     *       history was removed with old segments and the follower must replicate from there; it is not
     *       (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
     *   <li>above the latest epoch, or {@link #UNDEFINED_EPOCH}: (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET).
     * </ul>
     */
    public Optional<EpochEndOffset> endOffsetFor(int requestedEpoch, long logEndOffset) {
        lock.readLock().lock();
        try {
            if (epochs.isEmpty()) {
                return Optional.empty();
            }
            if (requestedEpoch == UNDEFINED_EPOCH) {
                return Optional.of(new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET));
            }
            if (requestedEpoch == epochs.lastKey()) {
                return Optional.of(new EpochEndOffset(requestedEpoch, logEndOffset));
            }
            Map.Entry<Integer, EpochEntry> higher = epochs.higherEntry(requestedEpoch);
            if (higher == null) {
                return Optional.of(new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET));
            }
            Map.Entry<Integer, EpochEntry> floor = epochs.floorEntry(requestedEpoch);
            int epoch = floor == null ? requestedEpoch : floor.getKey();
            return Optional.of(new EpochEndOffset(epoch, higher.getValue().startOffset()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The log was truncated to end before {@code endOffset}: drops the epochs starting at or after it. */
    public void truncateFromEnd(long endOffset) {
        boolean changed = false;
        lock.writeLock().lock();
        try {
            while (!epochs.isEmpty() && epochs.lastEntry().getValue().startOffset() >= endOffset) {
                epochs.pollLastEntry();
                changed = true;
            }
            if (changed) {
                changed();
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (changed) {
            flush();
        }
    }

    /**
     * The log start moved up to {@code startOffset}: drops the epochs wholly below it and moves the start of the
     * epoch covering it up to it, so no entry points below the log start.
     */
    public void truncateFromStart(long startOffset) {
        boolean changed;
        lock.writeLock().lock();
        try {
            EpochEntry covering = null;
            int removed = 0;
            while (!epochs.isEmpty() && epochs.firstEntry().getValue().startOffset() <= startOffset) {
                covering = epochs.pollFirstEntry().getValue();
                removed++;
            }
            if (covering == null) {
                return;
            }
            epochs.put(covering.epoch(), new EpochEntry(covering.epoch(), startOffset));
            changed = removed > 1 || covering.startOffset() != startOffset;
            if (changed) {
                changed();
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (changed) {
            flush();
        }
    }

    /** Removes every entry (the log was emptied). */
    public void clear() {
        lock.writeLock().lock();
        try {
            epochs.clear();
            changed();
        } finally {
            lock.writeLock().unlock();
        }
        flush();
    }

    /**
     * Writes the entries to the checkpoint file (temp file, fsync, rename, directory fsync) if they changed since the
     * last write. The log calls this before moving its recovery point past appends that assigned epochs.
     */
    public void flush() {
        synchronized (fileWriteMonitor) {
            List<EpochEntry> snapshot;
            lock.readLock().lock();
            try {
                if (!dirty) {
                    return;
                }
                snapshot = List.copyOf(epochs.values());
                dirty = false;
            } finally {
                lock.readLock().unlock();
            }
            try {
                checkpoint.write(snapshot);
            } catch (RuntimeException e) {
                lock.writeLock().lock();
                try {
                    dirty = true;
                } finally {
                    lock.writeLock().unlock();
                }
                throw e;
            }
        }
    }

    public Path checkpointFile() {
        return checkpoint.file();
    }

    /** Called with the write lock held after every change: publishes the new latest entry; the file is now stale. */
    private void changed() {
        publishLatest();
        dirty = true;
    }

    private void publishLatest() {
        Map.Entry<Integer, EpochEntry> last = epochs.lastEntry();
        latest = last == null ? null : last.getValue();
    }

    @Override
    public String toString() {
        return "LeaderEpochCache(" + checkpoint.file() + ", " + entries() + ")";
    }

    private static final class Format implements CheckpointFile.EntryFormat<EpochEntry> {
        @Override
        public String toLine(EpochEntry entry) {
            return entry.epoch() + " " + entry.startOffset();
        }

        @Override
        public EpochEntry fromLine(String line) {
            String[] fields = WHITESPACE.split(line.trim());
            if (fields.length != 2) {
                throw new IllegalArgumentException("expected 'epoch startOffset'");
            }
            return new EpochEntry(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
        }
    }
}
