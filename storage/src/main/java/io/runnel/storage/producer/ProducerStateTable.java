package io.runnel.storage.producer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.runnel.storage.ProducerInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent/transactional producer state of one partition (Kafka's ProducerStateManager): per producer id, the
 * epoch and last batches used to validate appends ({@link #prepareAppend}), rebuilt from the log by {@link #replay}
 * and persisted in snapshot files ({@link ProducerSnapshotFile}, format documented there) so that recovery replays
 * only the log after the latest snapshot.
 *
 * <p>{@link #mapEndOffset()} is the offset up to which the state reflects the log: recovery loads a snapshot and
 * replays the batches from there. Appends advance it via {@link ProducerAppend#commit}; appends that skip the table
 * (no producer ids) should call {@link #updateMapEndOffset}.
 *
 * <p>Thread-safety: changes are serialised on this table (the log serialises appends anyway); {@link
 * #activeProducers}, {@link #entry} and the other reads are lock-free and may run concurrently, seeing each producer's
 * entry either before or after a change, as entries are immutable.
 */
public final class ProducerStateTable {

    /** Kafka's default {@code producer.id.expiration.ms}: one day. */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000L;

    private static final Logger log = LoggerFactory.getLogger(ProducerStateTable.class);

    private final Path partitionDir;
    private final TopicPartition topicPartition;
    private final Time time;
    private final long producerIdExpirationMs;
    private final Map<Long, ProducerStateEntry> producers = new ConcurrentHashMap<>();
    private volatile long mapEndOffset;

    public ProducerStateTable(Path partitionDir, TopicPartition tp, Time time, long producerIdExpirationMs) {
        if (producerIdExpirationMs < 0) {
            throw new IllegalArgumentException("producerIdExpirationMs must be >= 0: " + producerIdExpirationMs);
        }
        this.partitionDir = partitionDir;
        this.topicPartition = tp;
        this.time = time;
        this.producerIdExpirationMs = producerIdExpirationMs;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /** Starts staging the producer-state changes of one append; see {@link ProducerAppend}. */
    public ProducerAppend prepareAppend() {
        return new ProducerAppend(this);
    }

    /** The state of a producer id, if it has any in this partition. */
    public Optional<ProducerStateEntry> entry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    /**
     * Applies a batch already in the log (recovery, follower appends) without validation. Control batches end the
     * producer's transaction. Batches without a producer id only advance the map end offset.
     */
    public synchronized void replay(RecordBatch batch) {
        if (batch.hasProducerId()) {
            long producerId = batch.producerId();
            ProducerStateEntry entry = producers.getOrDefault(producerId, ProducerStateEntry.empty(producerId));
            producers.put(producerId, apply(entry, batch, batch.baseOffset(), batch.lastOffset(), txn -> {}));
        }
        mapEndOffset = Math.max(mapEndOffset, batch.lastOffset() + 1);
    }

    /** DescribeProducers: every producer with state here. */
    public List<ProducerInfo> activeProducers() {
        List<ProducerInfo> infos = new ArrayList<>(producers.size());
        for (ProducerStateEntry entry : producers.values()) {
            infos.add(entry.toProducerInfo());
        }
        return infos;
    }

    public int producerCount() {
        return producers.size();
    }

    /** The first offset of the earliest ongoing transaction, for the last stable offset; empty when none. */
    public OptionalLong firstUndecidedOffset() {
        long first = Long.MAX_VALUE;
        for (ProducerStateEntry entry : producers.values()) {
            OptionalLong txnStart = entry.currentTxnFirstOffset();
            if (txnStart.isPresent() && txnStart.getAsLong() < first) {
                first = txnStart.getAsLong();
            }
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /** The offset up to which the state reflects the log; replay continues from here. */
    public long mapEndOffset() {
        return mapEndOffset;
    }

    /** Moves the map end offset, e.g. after an append of batches without producer ids. */
    public synchronized void updateMapEndOffset(long offset) {
        mapEndOffset = offset;
    }

    /** Removes producers idle for {@code producer.id.expiration.ms} or more, unless their transaction is ongoing. */
    public synchronized void expireProducers(long nowMs) {
        producers.values().removeIf(entry -> isExpired(entry, nowMs));
    }

    /**
     * Writes the state of every producer to the snapshot file of {@code offset} (normally {@link #mapEndOffset()}),
     * atomically, replacing any snapshot at that offset.
     *
     * @throws KafkaStorageException naming the file, when it cannot be written
     */
    public synchronized void takeSnapshot(long offset) {
        Path file = ProducerSnapshotFile.path(partitionDir, offset);
        try {
            Files.createDirectories(partitionDir);
            ProducerSnapshotFile.write(file, List.copyOf(producers.values()));
        } catch (IOException e) {
            throw new KafkaStorageException("Error writing producer state snapshot " + file + ": " + e, e);
        }
    }

    /** The offset of the newest snapshot file, if any. */
    public OptionalLong latestSnapshotOffset() {
        List<Long> offsets = snapshotOffsets();
        return offsets.isEmpty() ? OptionalLong.empty() : OptionalLong.of(offsets.get(offsets.size() - 1));
    }

    /** The offsets of the snapshot files in the partition directory, ascending. */
    public List<Long> snapshotOffsets() {
        if (!Files.isDirectory(partitionDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.map(ProducerSnapshotFile::offsetOf)
                    .filter(OptionalLong::isPresent)
                    .map(OptionalLong::getAsLong)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new KafkaStorageException("Error listing producer state snapshots in " + partitionDir + ": " + e, e);
        }
    }

    /**
     * Replaces the state with that of the newest snapshot at or below {@code offset}, skipping producers already
     * expired. A corrupt snapshot is deleted with a warning and the next older one tried. With no usable snapshot the
     * state is emptied and 0 returned: the caller replays from its log start offset. The map end offset becomes the
     * returned offset.
     *
     * @return the offset of the snapshot loaded, or 0 when none
     */
    public synchronized long loadLatestSnapshotAtOrBelow(long offset) {
        producers.clear();
        List<Long> offsets = snapshotOffsets();
        long now = time.milliseconds();
        for (int i = offsets.size() - 1; i >= 0; i--) {
            long snapshotOffset = offsets.get(i);
            if (snapshotOffset > offset) {
                continue;
            }
            Path file = ProducerSnapshotFile.path(partitionDir, snapshotOffset);
            try {
                for (ProducerStateEntry entry : ProducerSnapshotFile.read(file)) {
                    if (!isExpired(entry, now)) {
                        producers.put(entry.producerId(), entry);
                    }
                }
                mapEndOffset = snapshotOffset;
                return snapshotOffset;
            } catch (CorruptSnapshotException e) {
                log.warn("Deleting corrupt producer state snapshot of {}: {}", topicPartition, e.getMessage());
                producers.clear();
                delete(file);
            } catch (NoSuchFileException e) {
                producers.clear();
            } catch (IOException e) {
                throw new KafkaStorageException("Error reading producer state snapshot " + file + ": " + e, e);
            }
        }
        mapEndOffset = 0L;
        return 0L;
    }

    /** Deletes the snapshots at offsets strictly above {@code offset} (the log was truncated to end there). */
    public synchronized void deleteSnapshotsAbove(long offset) {
        for (long snapshotOffset : snapshotOffsets()) {
            if (snapshotOffset > offset) {
                delete(ProducerSnapshotFile.path(partitionDir, snapshotOffset));
            }
        }
    }

    /** Deletes the snapshots at offsets strictly below {@code offset} (their segments were deleted). */
    public synchronized void deleteSnapshotsBelow(long offset) {
        for (long snapshotOffset : snapshotOffsets()) {
            if (snapshotOffset < offset) {
                delete(ProducerSnapshotFile.path(partitionDir, snapshotOffset));
            }
        }
    }

    /** Empties the state, deletes every snapshot and restarts the map at {@code offset}. */
    public synchronized void truncateFullyAndStartAt(long offset) {
        producers.clear();
        for (long snapshotOffset : snapshotOffsets()) {
            delete(ProducerSnapshotFile.path(partitionDir, snapshotOffset));
        }
        mapEndOffset = offset;
    }

    synchronized void commit(Map<Long, ProducerStateEntry> staged, long endOffset) {
        producers.putAll(staged);
        if (endOffset > mapEndOffset) {
            mapEndOffset = endOffset;
        }
    }

    private boolean isExpired(ProducerStateEntry entry, long nowMs) {
        return entry.currentTxnFirstOffset().isEmpty() && nowMs - entry.lastTimestamp() >= producerIdExpirationMs;
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KafkaStorageException("Error deleting producer state snapshot " + file + ": " + e, e);
        }
    }

    /** The entry after {@code batch} landed at [firstOffset, lastOffset]; no validation. */
    static ProducerStateEntry apply(
            ProducerStateEntry entry,
            RecordBatch batch,
            long firstOffset,
            long lastOffset,
            Consumer<CompletedTxn> completed) {
        if (batch.isControlBatch()) {
            Optional<EndTransactionMarker> marker = readMarker(batch);
            if (marker.isEmpty()) {
                return entry;
            }
            EndTransactionMarker endTxn = marker.get();
            long txnFirstOffset = entry.currentTxnFirstOffset().orElse(lastOffset);
            completed.accept(new CompletedTxn(
                    entry.producerId(), txnFirstOffset, lastOffset, endTxn.controlType() == ControlRecordType.ABORT));
            return entry.withTxnEnded(batch.producerEpoch(), endTxn.coordinatorEpoch(), batch.maxTimestamp());
        }
        ProducerStateEntry updated = entry.withBatch(
                batch.producerEpoch(),
                new BatchMetadata(
                        batch.baseSequence(), batch.lastSequence(), firstOffset, lastOffset, batch.maxTimestamp()));
        if (batch.isTransactional() && updated.currentTxnFirstOffset().isEmpty()) {
            updated = updated.withTxnStartedAt(firstOffset);
        }
        return updated;
    }

    /** The COMMIT/ABORT marker a control batch holds; empty for other control records or a malformed one. */
    static Optional<EndTransactionMarker> readMarker(RecordBatch batch) {
        try {
            Iterator<Record> records = batch.iterator();
            if (!records.hasNext()) {
                return Optional.empty();
            }
            Record record = records.next();
            ControlRecordType type = ControlRecordType.parse(record.key());
            if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
                return Optional.empty();
            }
            return Optional.of(EndTransactionMarker.deserialize(record));
        } catch (RuntimeException e) {
            log.debug("Unreadable control batch at offset {}: {}", batch.baseOffset(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "ProducerStateTable(" + topicPartition + ", " + producers.size() + " producers, map end offset "
                + mapEndOffset + ")";
    }
}
