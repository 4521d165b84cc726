package io.runnel.storage.epoch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.runnel.storage.EpochEndOffset;
import io.runnel.storage.checkpoint.CorruptCheckpointException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaderEpochCacheTest {

    @TempDir
    Path dir;

    private Path checkpointFile;
    private LeaderEpochCache cache;

    @BeforeEach
    void setUp() {
        checkpointFile = dir.resolve(LeaderEpochCache.CHECKPOINT_FILE_NAME);
        cache = LeaderEpochCache.load(checkpointFile);
    }

    private static EpochEntry entry(int epoch, long startOffset) {
        return new EpochEntry(epoch, startOffset);
    }

    @Test
    void startsEmptyWithoutCheckpointFile() {
        assertThat(cache.entries()).isEmpty();
        assertThat(cache.latestEpoch()).isEmpty();
    }

    @Test
    void assignsIncreasingEpochs() {
        cache.assign(0, 0);
        cache.assign(2, 10);
        cache.assign(5, 25);

        assertThat(cache.entries()).containsExactly(entry(0, 0), entry(2, 10), entry(5, 25));
        assertThat(cache.latestEpoch()).contains(5);
    }

    @Test
    void sameEpochAgainIsNoOp() {
        cache.assign(3, 10);

        cache.assign(3, 20);

        assertThat(cache.entries()).containsExactly(entry(3, 10));
    }

    @Test
    void sameEpochWithLowerStartOffsetIsIgnored() {
        cache.assign(3, 10);

        cache.assign(3, 5);

        assertThat(cache.entries()).containsExactly(entry(3, 10));
    }

    @Test
    void lowerEpochIsIgnored() {
        cache.assign(3, 10);

        cache.assign(2, 20);

        assertThat(cache.entries()).containsExactly(entry(3, 10));
    }

    @Test
    void higherEpochStartingBelowExistingEntriesReplacesThem() {
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.assign(3, 20);

        cache.assign(4, 10);

        assertThat(cache.entries()).containsExactly(entry(1, 0), entry(4, 10));
    }

    @Test
    void higherEpochAtSameStartOffsetReplacesEpochThatWroteNothing() {
        cache.assign(1, 0);
        cache.assign(2, 10);

        cache.assign(3, 10);

        assertThat(cache.entries()).containsExactly(entry(1, 0), entry(3, 10));
    }

    @Test
    void rejectsNegativeEpochOrOffset() {
        assertThatThrownBy(() -> cache.assign(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.assign(0, -5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void epochForOffsetIsTheEntryCoveringIt() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(4, 30);

        assertThat(cache.epochForOffset(0)).contains(1);
        assertThat(cache.epochForOffset(9)).contains(1);
        assertThat(cache.epochForOffset(10)).contains(3);
        assertThat(cache.epochForOffset(29)).contains(3);
        assertThat(cache.epochForOffset(1000)).contains(4);
    }

    @Test
    void epochForOffsetBelowFirstEntryIsEmpty() {
        cache.assign(2, 50);

        assertThat(cache.epochForOffset(49)).isEmpty();
    }

    @Test
    void endOffsetForLatestEpochIsLogEndOffset() {
        cache.assign(1, 0);
        cache.assign(3, 10);

        assertThat(cache.endOffsetFor(3, 42)).contains(new EpochEndOffset(3, 42));
    }

    @Test
    void endOffsetForEarlierEpochIsStartOfNextEpoch() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(6, 30);

        assertThat(cache.endOffsetFor(1, 42)).contains(new EpochEndOffset(1, 10));
        assertThat(cache.endOffsetFor(3, 42)).contains(new EpochEndOffset(3, 30));
    }

    @Test
    void endOffsetForEpochMissingInTheMiddleIsLargestEpochBelowIt() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(6, 30);

        assertThat(cache.endOffsetFor(4, 42)).contains(new EpochEndOffset(3, 30));
        assertThat(cache.endOffsetFor(2, 42)).contains(new EpochEndOffset(1, 10));
    }

    @Test
    void endOffsetForEpochBelowEarliestIsStartOfEarliestAsKafkaAnswers() {
        cache.assign(4, 100);
        cache.assign(6, 150);

        assertThat(cache.endOffsetFor(2, 200)).contains(new EpochEndOffset(2, 100));
    }

    @Test
    void endOffsetForEpochAboveLatestIsUndefined() {
        cache.assign(1, 0);
        cache.assign(3, 10);

        assertThat(cache.endOffsetFor(7, 42)).contains(new EpochEndOffset(-1, -1));
    }

    @Test
    void endOffsetForUndefinedEpochIsUndefined() {
        cache.assign(1, 0);

        assertThat(cache.endOffsetFor(-1, 42)).contains(new EpochEndOffset(-1, -1));
    }

    @Test
    void endOffsetForOnEmptyCacheIsEmpty() {
        assertThat(cache.endOffsetFor(0, 42)).isEmpty();
    }

    @Test
    void truncateFromEndDropsEpochsStartingAtOrAfterTheOffset() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(6, 30);

        cache.truncateFromEnd(30);

        assertThat(cache.entries()).containsExactly(entry(1, 0), entry(3, 10));
    }

    @Test
    void truncateFromEndInsideTheLatestEpochKeepsIt() {
        cache.assign(1, 0);
        cache.assign(3, 10);

        cache.truncateFromEnd(11);

        assertThat(cache.entries()).containsExactly(entry(1, 0), entry(3, 10));
    }

    @Test
    void truncateFromStartDropsEpochsBelowAndMovesCoveringEpochUp() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(6, 30);

        cache.truncateFromStart(15);

        assertThat(cache.entries()).containsExactly(entry(3, 15), entry(6, 30));
    }

    @Test
    void truncateFromStartAtAnEpochStartKeepsThatEpoch() {
        cache.assign(1, 0);
        cache.assign(3, 10);

        cache.truncateFromStart(10);

        assertThat(cache.entries()).containsExactly(entry(3, 10));
    }

    @Test
    void truncateFromStartBelowAllEntriesChangesNothing() {
        cache.assign(3, 10);

        cache.truncateFromStart(5);

        assertThat(cache.entries()).containsExactly(entry(3, 10));
    }

    @Test
    void clearRemovesEverythingDurably() {
        cache.assign(1, 0);

        cache.clear();

        assertThat(cache.entries()).isEmpty();
        assertThat(LeaderEpochCache.load(checkpointFile).entries()).isEmpty();
    }

    @Test
    void survivesReload() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.truncateFromStart(5);

        LeaderEpochCache reloaded = LeaderEpochCache.load(checkpointFile);

        assertThat(reloaded.entries()).containsExactly(entry(1, 5), entry(3, 10));
    }

    @Test
    void latestEpochFollowsTruncation() {
        cache.assign(1, 0);
        cache.assign(3, 10);

        cache.truncateFromEnd(10);

        assertThat(cache.latestEpoch()).contains(1);
        assertThat(cache.latestEntry()).contains(entry(1, 0));
    }

    @Test
    void reassigningLatestEpochAfterTruncationAddsItAgain() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.truncateFromEnd(10);

        cache.assign(3, 12);

        assertThat(cache.entries()).containsExactly(entry(1, 0), entry(3, 12));
    }

    @Test
    void truncationIsPersisted() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.truncateFromEnd(10);

        assertThat(LeaderEpochCache.load(checkpointFile).entries()).containsExactly(entry(1, 0));
    }

    @Test
    void assignLeavesTheFileAloneUntilFlush() {
        cache.assign(1, 0);
        cache.assign(3, 10);

        assertThat(checkpointFile).doesNotExist();
        assertThat(cache.entries()).containsExactly(entry(1, 0), entry(3, 10));

        cache.flush();

        assertThat(LeaderEpochCache.load(checkpointFile).entries()).containsExactly(entry(1, 0), entry(3, 10));
    }

    @Test
    void flushWithoutChangesDoesNotRewriteTheFile() throws IOException {
        cache.assign(1, 0);
        cache.flush();
        Files.writeString(checkpointFile, "0\n1\n7 70\n");

        cache.flush();

        assertThat(Files.readString(checkpointFile)).isEqualTo("0\n1\n7 70\n");
    }

    @Test
    void truncationAlsoWritesEpochsAssignedBeforeIt() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(5, 20);

        cache.truncateFromEnd(20);

        assertThat(LeaderEpochCache.load(checkpointFile).entries()).containsExactly(entry(1, 0), entry(3, 10));
    }

    @Test
    void writesKafkaCheckpointFormat() throws IOException {
        cache.assign(0, 0);
        cache.assign(2, 57);
        cache.flush();

        assertThat(Files.readString(checkpointFile)).isEqualTo("0\n2\n0 0\n2 57\n");
    }

    @Test
    void loadsKafkaWrittenCheckpoint() throws IOException {
        Files.writeString(checkpointFile, "0\n3\n0 0\n4 120\n9 777\n");

        LeaderEpochCache loaded = LeaderEpochCache.load(checkpointFile);

        assertThat(loaded.entries()).containsExactly(entry(0, 0), entry(4, 120), entry(9, 777));
        assertThat(loaded.latestEpoch()).isEqualTo(Optional.of(9));
    }

    @Test
    void corruptCheckpointIsReported() throws IOException {
        Files.writeString(checkpointFile, "0\n1\nfour 120\n");

        assertThatThrownBy(() -> LeaderEpochCache.load(checkpointFile))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(checkpointFile.toString());
    }
}
