package io.runnel.storage.segment;

import io.runnel.storage.LogConfig;

/**
 * The settings a segment is created with; they stay fixed for the segment's life even when the topic config
 * changes, as in Kafka.
 *
 * @param indexIntervalBytes bytes of log data between two index entries
 * @param maxIndexSize size the active segment's index files are preallocated to
 * @param preallocate whether the .log file is preallocated to {@code initFileSize}
 * @param initFileSize the preallocated .log size ({@code segment.bytes})
 */
public record SegmentSettings(int indexIntervalBytes, int maxIndexSize, boolean preallocate, int initFileSize) {

    public static SegmentSettings from(LogConfig config) {
        return new SegmentSettings(
                config.indexIntervalBytes(), config.segmentIndexBytes(), config.preallocate(), config.segmentBytes());
    }
}
