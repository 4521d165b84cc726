package io.runnel.storage.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.runnel.storage.ProducerInfo;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The state of one producer id in one partition: its epoch, its last {@value #MAX_BATCHES} batches (the producer
 * keeps at most 5 requests in flight, so a retry is always one of them), the epoch of the transaction coordinator
 * that last wrote a marker, the first offset of its ongoing transaction and the timestamp of its last write.
 *
 * <p>Immutable: a change builds a new entry, so readers (DescribeProducers) never see a half-updated one.
 *
 * @param batches the last batches of the current epoch, oldest first
 */
public record ProducerStateEntry(
        long producerId,
        short producerEpoch,
        List<BatchMetadata> batches,
        int coordinatorEpoch,
        OptionalLong currentTxnFirstOffset,
        long lastTimestamp) {

    /** How many batches are kept per producer: max.in.flight.requests.per.connection for idempotence. */
    public static final int MAX_BATCHES = 5;

    public ProducerStateEntry {
        batches = List.copyOf(batches);
        if (batches.size() > MAX_BATCHES) {
            batches = batches.subList(batches.size() - MAX_BATCHES, batches.size());
        }
    }

    /** The state of a producer id never seen: no epoch, no batches. */
    public static ProducerStateEntry empty(long producerId) {
        return new ProducerStateEntry(
                producerId,
                RecordBatch.NO_PRODUCER_EPOCH,
                List.of(),
                -1,
                OptionalLong.empty(),
                RecordBatch.NO_TIMESTAMP);
    }

    /** The last sequence written, or {@link RecordBatch#NO_SEQUENCE} when no batch is known for this epoch. */
    public int lastSequence() {
        return batches.isEmpty()
                ? RecordBatch.NO_SEQUENCE
                : batches.get(batches.size() - 1).lastSeq();
    }

    /** The last offset of the last data batch, or -1. */
    public long lastDataOffset() {
        return batches.isEmpty() ? -1L : batches.get(batches.size() - 1).lastOffset();
    }

    public Optional<BatchMetadata> lastBatch() {
        return batches.isEmpty() ? Optional.empty() : Optional.of(batches.get(batches.size() - 1));
    }

    /** The retained batch with the same epoch and sequence range as {@code batch}, if it is a retry of one. */
    public Optional<BatchMetadata> findDuplicate(RecordBatch batch) {
        if (batch.producerEpoch() != producerEpoch) {
            return Optional.empty();
        }
        int firstSeq = batch.baseSequence();
        int lastSeq = batch.lastSequence();
        for (BatchMetadata metadata : batches) {
            if (metadata.firstSeq() == firstSeq && metadata.lastSeq() == lastSeq) {
                return Optional.of(metadata);
            }
        }
        return Optional.empty();
    }

    /** With a data batch appended; a new epoch starts a fresh batch history, as sequences restart with it. */
    ProducerStateEntry withBatch(short epoch, BatchMetadata batch) {
        List<BatchMetadata> next = new ArrayList<>(MAX_BATCHES);
        if (epoch == producerEpoch) {
            int from = Math.max(0, batches.size() - (MAX_BATCHES - 1));
            next.addAll(batches.subList(from, batches.size()));
        }
        next.add(batch);
        return new ProducerStateEntry(
                producerId, epoch, next, coordinatorEpoch, currentTxnFirstOffset, batch.timestamp());
    }

    ProducerStateEntry withTxnStartedAt(long firstOffset) {
        return new ProducerStateEntry(
                producerId, producerEpoch, batches, coordinatorEpoch, OptionalLong.of(firstOffset), lastTimestamp);
    }

    /**
     * After a COMMIT/ABORT marker: no ongoing transaction; a marker of another epoch (an epoch bump by the
     * coordinator) becomes the producer's epoch and resets the batch history, as in Kafka.
     */
    ProducerStateEntry withTxnEnded(short markerEpoch, int markerCoordinatorEpoch, long timestamp) {
        List<BatchMetadata> kept = markerEpoch == producerEpoch ? batches : List.of();
        return new ProducerStateEntry(
                producerId, markerEpoch, kept, markerCoordinatorEpoch, OptionalLong.empty(), timestamp);
    }

    public ProducerInfo toProducerInfo() {
        return new ProducerInfo(
                producerId,
                producerEpoch,
                lastSequence(),
                lastTimestamp,
                coordinatorEpoch,
                currentTxnFirstOffset.orElse(-1L));
    }
}
