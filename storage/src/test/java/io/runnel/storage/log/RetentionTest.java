package io.runnel.storage.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.runnel.storage.FetchIsolation;
import io.runnel.storage.testing.Batches;
import io.runnel.storage.testing.LogFixture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {

    private static final long DELETE_DELAY = 60_000;

    @TempDir
    Path tmp;

    private LogFixture fixture;

    private SegmentedLog open(Map<String, Object> overrides) {
        var all = new java.util.HashMap<String, Object>(overrides);
        all.put(TopicConfig.SEGMENT_BYTES_CONFIG, 300);
        all.put(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, DELETE_DELAY);
        fixture = new LogFixture(tmp, all);
        return fixture.open();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Appends single-record batches stamped {@code timestamp} until the log has {@code segments} segments. */
    private void fillSegments(SegmentedLog log, int segments, long timestamp) {
        while (log.segments().size() < segments) {
            log.appendAsLeader(Batches.of(1, timestamp), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
    }

    private long deletedFiles() throws Exception {
        try (var files = Files.list(fixture.dir())) {
            return files.filter(p -> p.toString().endsWith(".deleted")).count();
        }
    }

    @Test
    void deletesSegmentsWhoseLargestTimestampIsPastRetentionMs() {
        var log = open(Map.of(TopicConfig.RETENTION_MS_CONFIG, 10_000L));
        long old = fixture.clock.milliseconds();
        fillSegments(log, 3, old);
        fixture.clock.advance(5_000);
        fillSegments(log, 5, fixture.clock.milliseconds());
        long secondGenerationStart = log.segments().get(2).baseOffset();
        fixture.clock.advance(5_001);

        int deleted = log.deleteRetainedSegments();

        assertThat(deleted).isEqualTo(2);
        assertThat(log.logStartOffset()).isEqualTo(secondGenerationStart);
    }

    @Test
    void rollsFirstWhenEverySegmentIncludingTheActiveOneHasExpired() {
        var log = open(Map.of(TopicConfig.RETENTION_MS_CONFIG, 1_000L));
        fillSegments(log, 3, fixture.clock.milliseconds());
        long end = log.logEndOffset();
        fixture.clock.advance(1_001);

        int deleted = log.deleteRetainedSegments();

        assertThat(deleted).isEqualTo(3);
        assertThat(log.segments()).singleElement().satisfies(s -> {
            assertThat(s.baseOffset()).isEqualTo(end);
            assertThat(s.size()).isZero();
        });
        assertThat(log.logStartOffset()).isEqualTo(end);
        assertThat(log.logEndOffset()).isEqualTo(end);
    }

    @Test
    void neverDeletesAnEmptyActiveSegment() {
        var log = open(Map.of(TopicConfig.RETENTION_MS_CONFIG, 0L));
        fixture.clock.advance(1_000_000);
        assertThat(log.deleteRetainedSegments()).isZero();
        assertThat(log.segments()).hasSize(1);
    }

    @Test
    void keepsSegmentsAboveTheHighWatermark() {
        var log = open(Map.of(TopicConfig.RETENTION_MS_CONFIG, 1_000L));
        fillSegments(log, 3, fixture.clock.milliseconds());
        log.updateHighWatermark(log.segments().get(1).baseOffset());
        fixture.clock.advance(2_000);

        assertThat(log.deleteRetainedSegments()).isEqualTo(1);
        assertThat(log.segments()).hasSize(2);
    }

    @Test
    void deletesOldestSegmentsWhileTheLogExceedsRetentionBytes() {
        var log = open(Map.of(TopicConfig.RETENTION_BYTES_CONFIG, 700L));
        fillSegments(log, 5, fixture.clock.milliseconds());
        long size = log.sizeInBytes();

        int deleted = log.deleteRetainedSegments();

        assertThat(deleted).isPositive();
        assertThat(log.sizeInBytes()).isLessThanOrEqualTo(700 + 300);
        assertThat(log.sizeInBytes()).isLessThan(size);
        // One segment more would bring it below the limit: deleting stops as soon as it fits.
        assertThat(log.sizeInBytes() - log.segments().get(0).size()).isLessThan(700);
    }

    @Test
    void deletesSegmentsWhollyBelowARaisedLogStartOffset() {
        var log = open(Map.of(TopicConfig.RETENTION_MS_CONFIG, -1L));
        fillSegments(log, 4, fixture.clock.milliseconds());
        long third = log.segments().get(2).baseOffset();

        assertThat(log.deleteRecordsBefore(third + 1)).isEqualTo(third + 1);
        int deleted = log.deleteRetainedSegments();

        assertThat(deleted).isEqualTo(2);
        assertThat(log.segments().get(0).baseOffset()).isEqualTo(third);
        assertThat(log.logStartOffset()).isEqualTo(third + 1);
        assertThatThrownBy(() -> log.read(third, 100, FetchIsolation.LOG_END, true))
                .isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.read(third + 1, 100, FetchIsolation.LOG_END, true)
                        .records()
                        .batches()
                        .iterator()
                        .next()
                        .baseOffset())
                .isEqualTo(third + 1);
        assertThat(log.offsetForTimestamp(-2).orElseThrow().offset()).isEqualTo(third + 1);
    }

    @Test
    void deleteRecordsAboveTheHighWatermarkIsOffsetOutOfRange() {
        var log = open(Map.of());
        fillSegments(log, 2, fixture.clock.milliseconds());
        log.updateHighWatermark(3);

        assertThatThrownBy(() -> log.deleteRecordsBefore(4)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.logStartOffset()).isZero();
    }

    @Test
    void deletedSegmentFilesAreRemovedOnlyAfterTheDeleteDelay() throws Exception {
        var log = open(Map.of(TopicConfig.RETENTION_MS_CONFIG, 1_000L));
        fillSegments(log, 3, fixture.clock.milliseconds());
        fixture.clock.advance(1_001);
        log.deleteRetainedSegments();
        assertThat(deletedFiles()).isPositive();

        fixture.scheduler.tick(DELETE_DELAY - 1);
        assertThat(deletedFiles()).isPositive();

        fixture.scheduler.tick(1);
        assertThat(deletedFiles()).isZero();
    }

    @Test
    void aReaderHoldingASliceCanStillReadADeletedSegmentUntilTheDelay() {
        var log = open(Map.of(TopicConfig.RETENTION_MS_CONFIG, 1_000L));
        fillSegments(log, 3, fixture.clock.milliseconds());
        var slice = log.read(0, 1 << 20, FetchIsolation.HIGH_WATERMARK, false).records();
        fixture.clock.advance(1_001);

        log.deleteRetainedSegments();

        for (RecordBatch batch : slice.batches()) {
            batch.ensureValid();
        }
        assertThat(Batches.offsets(slice)).startsWith(0L);
    }
}
