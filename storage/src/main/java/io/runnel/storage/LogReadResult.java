package io.runnel.storage;

import java.util.List;

import org.apache.kafka.common.record.internal.Records;

/**
 * What a read returns: the records as they lie in the segment file (a {@code FileRecords} slice the network layer
 * can send with {@code sendfile}, or empty records), and the log's offsets at the moment of the read.
 */
public record LogReadResult(
        Records records,
        long highWatermark,
        long lastStableOffset,
        long logStartOffset,
        long logEndOffset,
        List<AbortedTransaction> abortedTransactions) {

    /** A transaction aborted within the range read, for read_committed consumers. */
    public record AbortedTransaction(long producerId, long firstOffset) {}
}
