package io.runnel.storage.producer;

/**
 * A transaction ended by a COMMIT or ABORT marker: from its first data offset to the marker's offset. Aborted ones
 * feed the aborted-transaction index that read_committed fetches return.
 */
public record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean isAborted) {}
