package io.runnel.storage.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.runnel.storage.segment.SegmentFileNames;
import io.runnel.storage.testing.Batches;
import io.runnel.storage.testing.LogFixture;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RollTest {

    @TempDir
    Path tmp;

    private LogFixture fixture;

    private SegmentedLog open(Map<String, ?> overrides) {
        fixture = new LogFixture(tmp, overrides);
        return fixture.open();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private long now() {
        return fixture.clock.milliseconds();
    }

    @Test
    void rollsWhenTheNextAppendWouldExceedSegmentBytes() {
        var log = open(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, 300));
        log.appendAsLeader(Batches.of(2, now()), 0);
        int batchSize = (int) log.sizeInBytes();
        int perSegment = 300 / batchSize;
        for (int i = 1; i < perSegment; i++) {
            log.appendAsLeader(Batches.of(2, now()), 0);
        }
        assertThat(log.segments()).hasSize(1);

        log.appendAsLeader(Batches.of(2, now()), 0);

        assertThat(log.segments()).hasSize(2);
        assertThat(log.segments().get(1).baseOffset()).isEqualTo(2L * perSegment);
        assertThat(log.segments().get(0).size()).isLessThanOrEqualTo(300);
    }

    @RepeatedTest(3)
    void rollsWhenSegmentMsMinusJitterHasPassedSinceTheFirstBatch() {
        var log = open(Map.of(TopicConfig.SEGMENT_MS_CONFIG, 10_000L, TopicConfig.SEGMENT_JITTER_MS_CONFIG, 4_000L));
        long jitter = log.rollJitterMs();
        assertThat(jitter).isBetween(0L, 3_999L);
        long first = now();
        log.appendAsLeader(Batches.of(1, first), 0);

        fixture.clock.advance(10_000 - jitter);
        log.appendAsLeader(Batches.of(1, first + 10_000 - jitter), 0);
        assertThat(log.segments()).hasSize(1);

        fixture.clock.advance(1);
        log.appendAsLeader(Batches.of(1, first + 10_000 - jitter + 1), 0);
        assertThat(log.segments()).hasSize(2);
        assertThat(log.segments().get(1).baseOffset()).isEqualTo(2);
    }

    @Test
    void doesNotRollAnEmptySegmentOnTime() {
        var log = open(Map.of(TopicConfig.SEGMENT_MS_CONFIG, 1_000L));
        fixture.clock.advance(5_000);
        log.appendAsLeader(Batches.of(1, now()), 0);
        assertThat(log.segments()).hasSize(1);
    }

    @Test
    void rollsWhenTheOffsetIndexIsFull() {
        // 48 bytes: six offset index entries; every batch after the first gets one (index.interval.bytes 0). One
        // timestamp for all keeps the time index at one entry.
        var log = open(Map.of(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, 48, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, 0));
        for (int i = 0; i < 7; i++) {
            log.appendAsLeader(Batches.of(1, now()), 0);
        }
        assertThat(log.segments()).hasSize(1);
        assertThat(log.segments().get(0).offsetIndex().isFull()).isTrue();

        log.appendAsLeader(Batches.of(1, now()), 0);

        assertThat(log.segments()).hasSize(2);
        assertThat(log.segments().get(1).baseOffset()).isEqualTo(7);
    }

    @Test
    void rollsWhenTheTimeIndexIsFull() {
        // 36 bytes: three time index slots, one kept for the final entry; timestamps grow with each batch.
        var log = open(Map.of(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, 36, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, 0));
        for (int i = 0; i < 3; i++) {
            log.appendAsLeader(Batches.of(1, now() + i), 0);
        }
        assertThat(log.segments().get(0).timeIndex().isFull()).isTrue();

        log.appendAsLeader(Batches.of(1, now() + 3), 0);

        assertThat(log.segments()).hasSize(2);
    }

    @Test
    void rollsWhenTheOffsetWouldOverflowTheRelativeOffset() {
        var log = open(Map.of());
        log.appendAsFollower(Batches.atOffset(0, now(), 1));
        long far = (long) Integer.MAX_VALUE + 10;

        log.appendAsFollower(Batches.atOffset(far, now(), 1));

        assertThat(log.segments()).hasSize(2);
        assertThat(log.segments().get(1).baseOffset()).isEqualTo(far);
        assertThat(log.logEndOffset()).isEqualTo(far + 1);
    }

    @Test
    void rollTrimsTheOldIndexesAndSnapshotsProducerState() throws Exception {
        var log = open(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, 200, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, 0));
        log.appendAsLeader(Batches.of(1, now()), 0);
        log.appendAsLeader(Batches.of(1, now()), 0);
        while (log.segments().size() == 1) {
            log.appendAsLeader(Batches.of(1, now()), 0);
        }
        var old = log.segments().get(0);
        long newBase = log.segments().get(1).baseOffset();

        assertThat(Files.size(old.offsetIndex().file()))
                .isEqualTo(old.offsetIndex().entries() * 8L);
        assertThat(Files.size(old.timeIndex().file())).isEqualTo(old.timeIndex().entries() * 12L);
        assertThat(fixture.dir().resolve(SegmentFileNames.filenamePrefix(newBase) + ".snapshot"))
                .exists();
        fixture.scheduler.runDue();
        assertThat(log.recoveryPoint()).isEqualTo(newBase);
    }
}
