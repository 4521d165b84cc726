package io.runnel.storage.log;

import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Batches that passed validation, with offsets, leader epoch and timestamps assigned, ready to be written.
 *
 * @param records the batches to write: the producer's buffer rewritten in place, or re-encoded batches when the
 *     topic's compression differs from the producer's
 * @param firstOffset offset of the first record
 * @param lastOffset offset of the last record
 * @param maxTimestamp the largest batch max timestamp
 * @param offsetOfMaxTimestamp the last offset of the batch holding {@code maxTimestamp}
 * @param logAppendTime the broker time stamped for LogAppendTime topics, else -1
 * @param recordCount number of records
 * @param batchCount number of batches
 */
public record ValidatedRecords(
        MemoryRecords records,
        long firstOffset,
        long lastOffset,
        long maxTimestamp,
        long offsetOfMaxTimestamp,
        long logAppendTime,
        int recordCount,
        int batchCount) {}
