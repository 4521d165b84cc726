package io.runnel.storage.segment;

/** An offset index entry: an offset and the byte position in the segment's log of the batch that holds it. */
public record OffsetPosition(long offset, int position) {}
