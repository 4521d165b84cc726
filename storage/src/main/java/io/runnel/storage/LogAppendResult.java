package io.runnel.storage;

/**
 * What an append did.
 *
 * @param firstOffset offset of the first record appended (or of the original append for a duplicate)
 * @param lastOffset offset of the last record appended
 * @param logAppendTime the broker time stamped into the batches when the topic uses LogAppendTime, else -1
 * @param logStartOffset the log start offset after the append
 * @param recordCount number of records appended
 * @param duplicate true when the batch was an idempotent producer's retry of a batch already in the log
 */
public record LogAppendResult(
        long firstOffset,
        long lastOffset,
        long logAppendTime,
        long logStartOffset,
        int recordCount,
        boolean duplicate) {}
