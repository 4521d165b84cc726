package io.runnel.storage;

/** How far a read may go: what a follower, a consumer and a read-committed consumer may see. */
public enum FetchIsolation {
    /** Up to the log end offset: followers replicating the log. */
    LOG_END,
    /** Up to the high watermark: consumers (read_uncommitted). */
    HIGH_WATERMARK,
    /** Up to the last stable offset: read_committed consumers. */
    TXN_COMMITTED
}
