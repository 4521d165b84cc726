package io.runnel.storage.log;

import java.util.List;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * Batches that passed validation, with offsets, leader epoch and timestamps assigned, ready to be written.
 *
 * @param records the batches to write: the producer's buffer rewritten in place, or re-encoded batches when the
 *     topic's compression differs from the producer's
 * @param batches views of the batches of {@code records}, in order: the validator created them once, and the
 *     producer-state checks and the segment's index entries use them rather than iterating {@code records} again
 *     (each iteration creates new views)
 * @param firstOffset offset of the first record
 * @param lastOffset offset of the last record
 * @param maxTimestamp the largest batch max timestamp
 * @param offsetOfMaxTimestamp the last offset of the batch holding {@code maxTimestamp}
 * @param logAppendTime the broker time stamped for LogAppendTime topics, else -1
 * @param recordCount number of records
 */
public record ValidatedRecords(
        MemoryRecords records,
        List<MutableRecordBatch> batches,
        long firstOffset,
        long lastOffset,
        long maxTimestamp,
        long offsetOfMaxTimestamp,
        long logAppendTime,
        int recordCount) {

    public ValidatedRecords {
        batches = List.copyOf(batches);
    }

    /** Number of batches. */
    public int batchCount() {
        return batches.size();
    }
}
