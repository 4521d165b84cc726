package io.runnel.storage.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.runnel.storage.EpochEndOffset;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.epoch.EpochEntry;
import io.runnel.storage.epoch.LeaderEpochCache;
import io.runnel.storage.testing.Batches;
import io.runnel.storage.testing.LogFixture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotenceAndEpochTest {

    private static final long PID = 4242L;

    @TempDir
    Path tmp;

    private LogFixture fixture;

    private SegmentedLog open() {
        fixture = new LogFixture(tmp, Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, 500));
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
    void retriedBatchIsAnsweredWithOriginalOffsetsAndNotWrittenAgain() {
        var log = open();
        log.appendAsLeader(Batches.of(2, now()), 0);
        var first = log.appendAsLeader(Batches.idempotent(PID, (short) 0, 0, 3, now()), 0);
        log.appendAsLeader(Batches.of(1, now()), 0);
        long sizeBefore = log.sizeInBytes();

        var retry = log.appendAsLeader(Batches.idempotent(PID, (short) 0, 0, 3, now()), 0);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(first.firstOffset()).isEqualTo(2);
        assertThat(retry.lastOffset()).isEqualTo(first.lastOffset()).isEqualTo(4);
        assertThat(log.sizeInBytes()).isEqualTo(sizeBefore);
        assertThat(log.logEndOffset()).isEqualTo(6);
    }

    @Test
    void sequenceGapIsOutOfOrder() {
        var log = open();
        log.appendAsLeader(Batches.idempotent(PID, (short) 0, 0, 3, now()), 0);
        long end = log.logEndOffset();

        assertThatThrownBy(() -> log.appendAsLeader(Batches.idempotent(PID, (short) 0, 5, 1, now()), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(end);
    }

    @Test
    void olderProducerEpochIsFenced() {
        var log = open();
        log.appendAsLeader(Batches.idempotent(PID, (short) 3, 0, 1, now()), 0);

        assertThatThrownBy(() -> log.appendAsLeader(Batches.idempotent(PID, (short) 2, 1, 1, now()), 0))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(log.activeProducers()).singleElement().satisfies(p -> {
            assertThat(p.producerEpoch()).isEqualTo((short) 3);
            assertThat(p.lastSequence()).isZero();
        });
    }

    @Test
    void producerStateSurvivesACleanRestart() {
        var log = open();
        var first = log.appendAsLeader(Batches.idempotent(PID, (short) 0, 0, 2, now()), 0);

        var reopened = fixture.reopenClean();
        var retry = reopened.appendAsLeader(Batches.idempotent(PID, (short) 0, 0, 2, now()), 0);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(first.firstOffset());
        assertThat(reopened.appendAsLeader(Batches.idempotent(PID, (short) 0, 2, 1, now()), 0)
                        .firstOffset())
                .isEqualTo(2);
    }

    @Test
    void producerStateIsRebuiltFromTheLogAfterAnUncleanRestart() {
        var log = open();
        for (int seq = 0; seq < 30; seq += 2) {
            log.appendAsLeader(Batches.idempotent(PID, (short) 0, seq, 2, now()), 0);
        }
        assertThat(log.segments().size()).isGreaterThan(1);

        var reopened = fixture.reopenUnclean(0);

        assertThat(reopened.appendAsLeader(Batches.idempotent(PID, (short) 0, 28, 2, now()), 0)
                        .duplicate())
                .isTrue();
        assertThatThrownBy(() -> reopened.appendAsLeader(Batches.idempotent(PID, (short) 0, 31, 1, now()), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(reopened.appendAsLeader(Batches.idempotent(PID, (short) 0, 30, 1, now()), 0)
                        .duplicate())
                .isFalse();
    }

    @Test
    void newLeaderEpochsAreRecordedAndAnswerOffsetForLeaderEpoch() {
        var log = open();
        log.appendAsLeader(Batches.of(3, now()), 1);
        log.appendAsLeader(Batches.of(2, now()), 1);
        log.appendAsLeader(Batches.of(4, now()), 3);

        assertThat(log.latestEpoch()).contains(3);
        assertThat(log.endOffsetForEpoch(1)).contains(new EpochEndOffset(1, 5));
        assertThat(log.endOffsetForEpoch(2)).contains(new EpochEndOffset(1, 5));
        assertThat(log.endOffsetForEpoch(3)).contains(new EpochEndOffset(3, 9));
    }

    @Test
    void appendingANewLeaderEpochLeavesTheCheckpointFileToTheNextFlush() throws IOException {
        var log = open();
        Path checkpoint = fixture.dir().resolve(LeaderEpochCache.CHECKPOINT_FILE_NAME);

        log.appendAsLeader(Batches.of(3, now()), 1);

        assertThat(Files.exists(checkpoint) ? Files.readString(checkpoint) : "").doesNotContain("1 0");

        log.flush();

        assertThat(LeaderEpochCache.load(checkpoint).entries()).containsExactly(new EpochEntry(1, 0));
    }

    @Test
    void leaderEpochsOfAppendsPastTheRecoveryPointAreRecoveredFromTheBatchesAfterACrash() {
        var log = open();
        log.appendAsLeader(Batches.of(3, now()), 1);
        log.flush();
        log.appendAsLeader(Batches.of(2, now()), 2);
        log.appendAsLeader(Batches.of(4, now()), 4);

        var reopened = fixture.reopenUnclean(3);

        assertThat(reopened.latestEpoch()).contains(4);
        assertThat(reopened.endOffsetForEpoch(1)).contains(new EpochEndOffset(1, 3));
        assertThat(reopened.endOffsetForEpoch(2)).contains(new EpochEndOffset(2, 5));
        assertThat(reopened.endOffsetForEpoch(4)).contains(new EpochEndOffset(4, 9));
    }

    @Test
    void truncateToRemovesRecordsEpochsAndProducerStateAboveTheOffset() {
        var log = open();
        log.appendAsLeader(Batches.idempotent(PID, (short) 0, 0, 2, now()), 1);
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(Batches.of(1, now()), 1);
        }
        log.appendAsLeader(Batches.idempotent(PID, (short) 0, 2, 2, now()), 2);
        long cut = log.logEndOffset() - 2;
        assertThat(log.segments().size()).isGreaterThan(1);

        log.truncateTo(cut);

        assertThat(log.logEndOffset()).isEqualTo(cut);
        assertThat(log.latestEpoch()).contains(1);
        assertThat(Batches.offsets(log.read(cut - 1, 1 << 20, FetchIsolation.LOG_END, false)
                        .records()))
                .containsExactly(cut - 1);
        // Sequence 2 is gone with the truncated batch: the producer continues at 2 again.
        var again = log.appendAsLeader(Batches.idempotent(PID, (short) 0, 2, 2, now()), 2);
        assertThat(again.duplicate()).isFalse();
        assertThat(again.firstOffset()).isEqualTo(cut);
    }

    @Test
    void truncateFullyAndStartAtEmptiesTheLogAndRestartsIt() {
        var log = open();
        log.appendAsLeader(Batches.idempotent(PID, (short) 0, 0, 2, now()), 1);
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(Batches.of(1, now()), 1);
        }

        log.truncateFullyAndStartAt(100);

        assertThat(log.logStartOffset()).isEqualTo(100);
        assertThat(log.logEndOffset()).isEqualTo(100);
        assertThat(log.segments()).singleElement().satisfies(s -> assertThat(s.baseOffset())
                .isEqualTo(100));
        assertThat(log.latestEpoch()).isEmpty();
        assertThat(log.activeProducers()).isEmpty();
        assertThat(log.appendAsLeader(Batches.of(1, now()), 5).firstOffset()).isEqualTo(100);
        var reopened = fixture.reopenClean();
        assertThat(reopened.logStartOffset()).isEqualTo(100);
        assertThat(reopened.logEndOffset()).isEqualTo(101);
    }
}
