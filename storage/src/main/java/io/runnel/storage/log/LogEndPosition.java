package io.runnel.storage.log;

/**
 * The log end offset with where it lies in the files: published together after each append so that a reader
 * bounded by the log end never reads bytes of an append still in progress.
 */
record LogEndPosition(long offset, long segmentBaseOffset, int position) {}
