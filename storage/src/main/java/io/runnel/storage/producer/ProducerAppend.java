package io.runnel.storage.producer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The producer-state changes of one log append (one or more batches), staged apart from the table so that an append
 * rejected half-way, or failing to write, leaves the table unchanged. Use: for each batch {@link #check}, assign
 * offsets, {@link #stage}; after the write succeeded, {@link #commit}. Not thread-safe: one append at a time, which
 * the log's append serialisation guarantees.
 */
public final class ProducerAppend {

    private final ProducerStateTable table;
    // Created on first use: most appends come from producers without ids and stage nothing.
    private Map<Long, ProducerStateEntry> staged = Map.of();
    private List<CompletedTxn> completedTxns = List.of();
    private long endOffset = -1L;
    private boolean committed;

    ProducerAppend(ProducerStateTable table) {
        this.table = table;
    }

    /**
     * Validates a batch from a client (or the transaction coordinator, for markers) against the table and what is
     * already staged, following Kafka's rules:
     *
     * <ul>
     *   <li>a retry of one of the producer's last {@value ProducerStateEntry#MAX_BATCHES} batches (same epoch, same
     *       first and last sequence) returns that batch's metadata: answer with its offsets, write nothing;
     *   <li>an epoch below the producer's current one: {@link InvalidProducerEpochException};
     *   <li>a new epoch of a known producer must start at sequence 0, else {@link OutOfOrderSequenceException};
     *   <li>the same epoch must continue at last sequence + 1 (after {@link Integer#MAX_VALUE} comes 0), else
     *       {@link OutOfOrderSequenceException}; an unknown producer id may start at any sequence (its state may
     *       have been removed by retention or expiry);
     *   <li>a non-transactional batch while the producer's transaction is ongoing: {@link InvalidTxnStateException};
     *   <li>a COMMIT/ABORT marker from an older coordinator epoch: {@link TransactionCoordinatorFencedException};
     *   <li>a data batch with a producer id but no sequence, or a control batch that is not a COMMIT/ABORT marker:
     *       {@link InvalidRecordException}.
     * </ul>
     *
     * Batches without a producer id are not checked.
     *
     * @return the original batch when {@code batch} is a duplicate, else empty
     */
    public Optional<BatchMetadata> check(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return Optional.empty();
        }
        ProducerStateEntry entry = current(batch.producerId());
        if (batch.isControlBatch()) {
            checkMarker(batch, entry);
            return Optional.empty();
        }
        if (batch.baseSequence() < 0) {
            throw new InvalidRecordException("Invalid sequence " + batch.baseSequence() + " in batch of producer "
                    + batch.producerId() + " in " + table.topicPartition());
        }
        Optional<BatchMetadata> duplicate = entry.findDuplicate(batch);
        if (duplicate.isPresent()) {
            return duplicate;
        }
        checkEpoch(batch, entry);
        checkSequence(batch, entry);
        if (entry.currentTxnFirstOffset().isPresent() && !batch.isTransactional()) {
            throw new InvalidTxnStateException("Non-transactional batch of producer " + batch.producerId() + " in "
                    + table.topicPartition() + " while its transaction started at offset "
                    + entry.currentTxnFirstOffset().getAsLong() + " is ongoing");
        }
        return Optional.empty();
    }

    /**
     * Stages a checked batch once its offsets are assigned; does not validate again. {@code batch.maxTimestamp()}
     * becomes the producer's last timestamp, so stamp LogAppendTime into the batch first.
     */
    public void stage(RecordBatch batch, long firstOffset, long lastOffset) {
        endOffset = Math.max(endOffset, lastOffset + 1);
        if (!batch.hasProducerId()) {
            return;
        }
        ProducerStateEntry entry = current(batch.producerId());
        if (staged.isEmpty()) {
            staged = new HashMap<>(4);
        }
        staged.put(
                batch.producerId(), ProducerStateTable.apply(entry, batch, firstOffset, lastOffset, this::completed));
    }

    private void completed(CompletedTxn txn) {
        if (completedTxns.isEmpty()) {
            completedTxns = new ArrayList<>(2);
        }
        completedTxns.add(txn);
    }

    /** The transactions ended by markers staged so far (for the aborted-transaction index). */
    public List<CompletedTxn> completedTransactions() {
        return List.copyOf(completedTxns);
    }

    /** Applies every staged batch to the table and moves its map end offset past them. Once only. */
    public void commit() {
        if (committed) {
            throw new IllegalStateException("Producer append already committed");
        }
        committed = true;
        table.commit(staged, endOffset);
    }

    private ProducerStateEntry current(long producerId) {
        ProducerStateEntry entry = staged.get(producerId);
        if (entry != null) {
            return entry;
        }
        return table.entry(producerId).orElseGet(() -> ProducerStateEntry.empty(producerId));
    }

    private void checkEpoch(RecordBatch batch, ProducerStateEntry entry) {
        if (batch.producerEpoch() < entry.producerEpoch()) {
            throw new InvalidProducerEpochException("Epoch " + batch.producerEpoch() + " of producer "
                    + batch.producerId() + " in " + table.topicPartition() + " is older than its current epoch "
                    + entry.producerEpoch());
        }
    }

    private void checkSequence(RecordBatch batch, ProducerStateEntry entry) {
        int firstSeq = batch.baseSequence();
        boolean knownProducer = entry.producerEpoch() != RecordBatch.NO_PRODUCER_EPOCH;
        if (batch.producerEpoch() != entry.producerEpoch()) {
            if (firstSeq != 0 && knownProducer) {
                throw new OutOfOrderSequenceException("Invalid sequence " + firstSeq + " for new epoch "
                        + batch.producerEpoch() + " of producer " + batch.producerId() + " in "
                        + table.topicPartition() + ": a new epoch starts at 0 (current epoch "
                        + entry.producerEpoch() + ")");
            }
        } else if (knownProducer && !inSequence(entry.lastSequence(), firstSeq)) {
            throw new OutOfOrderSequenceException("Out of order sequence " + firstSeq + " for producer "
                    + batch.producerId() + " epoch " + batch.producerEpoch() + " in " + table.topicPartition()
                    + ": expected " + nextSequence(entry.lastSequence()) + " after last sequence "
                    + entry.lastSequence());
        }
    }

    private void checkMarker(RecordBatch batch, ProducerStateEntry entry) {
        EndTransactionMarker marker = ProducerStateTable.readMarker(batch)
                .orElseThrow(() -> new InvalidRecordException("Control batch of producer " + batch.producerId() + " in "
                        + table.topicPartition() + " is not a COMMIT or ABORT marker"));
        checkEpoch(batch, entry);
        if (marker.coordinatorEpoch() < entry.coordinatorEpoch()) {
            throw new TransactionCoordinatorFencedException("Marker of producer " + batch.producerId() + " in "
                    + table.topicPartition() + " has coordinator epoch " + marker.coordinatorEpoch()
                    + ", older than the last seen " + entry.coordinatorEpoch());
        }
    }

    private static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == nextSequence(lastSeq);
    }

    private static int nextSequence(int lastSeq) {
        return lastSeq == Integer.MAX_VALUE ? 0 : lastSeq + 1;
    }
}
