package io.runnel.storage.producer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.runnel.storage.ProducerInfo;
import io.runnel.storage.testing.ManualClock;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.runnel.storage.producer.Batches.idempotent;
import static io.runnel.storage.producer.Batches.marker;
import static io.runnel.storage.producer.Batches.plain;
import static io.runnel.storage.producer.Batches.transactional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerStateTableTest {

    private static final TopicPartition TP = new TopicPartition("orders", 3);
    private static final long PID = 1000L;
    private static final short EPOCH = 2;
    private static final long EXPIRATION_MS = 60_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private ProducerStateTable table;
    private long nextOffset;

    @BeforeEach
    void setUp() {
        table = newTable();
    }

    private ProducerStateTable newTable() {
        return new ProducerStateTable(dir, TP, clock, EXPIRATION_MS);
    }

    /** Appends like the log does: check, assign offsets at the log end, stage, commit. */
    private Optional<BatchMetadata> append(long producerId, short epoch, int baseSequence, int count) {
        return append(idempotent(nextOffset, producerId, epoch, baseSequence, count, clock.milliseconds()));
    }

    private Optional<BatchMetadata> append(RecordBatch batch) {
        ProducerAppend append = table.prepareAppend();
        Optional<BatchMetadata> duplicate = append.check(batch);
        if (duplicate.isEmpty()) {
            long first = nextOffset;
            long last = first + batch.lastOffset() - batch.baseOffset();
            append.stage(batch, first, last);
            append.commit();
            nextOffset = last + 1;
        }
        return duplicate;
    }

    private ProducerStateEntry entry(long producerId) {
        return table.entry(producerId).orElseThrow();
    }

    @Test
    void acceptsFirstBatchOfUnknownProducerAtAnySequence() {
        Optional<BatchMetadata> duplicate = append(PID, EPOCH, 17, 3);

        assertThat(duplicate).isEmpty();
        assertThat(entry(PID).producerEpoch()).isEqualTo(EPOCH);
        assertThat(entry(PID).lastSequence()).isEqualTo(19);
        assertThat(entry(PID).lastBatch()).contains(new BatchMetadata(17, 19, 0, 2, clock.milliseconds()));
    }

    @Test
    void acceptsConsecutiveBatches() {
        append(PID, EPOCH, 0, 3);
        append(PID, EPOCH, 3, 2);
        append(PID, EPOCH, 5, 1);

        assertThat(entry(PID).lastSequence()).isEqualTo(5);
        assertThat(entry(PID).lastDataOffset()).isEqualTo(5);
        assertThat(entry(PID).batches()).hasSize(3);
    }

    @ParameterizedTest(name = "retry of batch {0} of the last five")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void retryOfOneOfTheLastFiveBatchesReturnsItsOriginalOffsets(int which) {
        for (int i = 0; i < 6; i++) {
            append(PID, EPOCH, i * 2, 2); // batch i: sequences 2i..2i+1 at offsets 2i..2i+1
        }
        int batch = 1 + which; // batches 1..5 are the last five
        long endBefore = table.mapEndOffset();

        Optional<BatchMetadata> duplicate = append(idempotent(99, PID, EPOCH, batch * 2, 2, clock.milliseconds()));

        assertThat(duplicate)
                .contains(new BatchMetadata(batch * 2, batch * 2 + 1, batch * 2, batch * 2 + 1, clock.milliseconds()));
        assertThat(table.mapEndOffset()).isEqualTo(endBefore);
        assertThat(entry(PID).lastSequence()).isEqualTo(11);
    }

    @Test
    void retryOfSixthNewestBatchIsOutOfOrder() {
        for (int i = 0; i < 6; i++) {
            append(PID, EPOCH, i * 2, 2);
        }

        assertThatThrownBy(() -> append(PID, EPOCH, 0, 2)).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void retryWithDifferentSequenceRangeIsOutOfOrder() {
        append(PID, EPOCH, 0, 4);

        assertThatThrownBy(() -> append(PID, EPOCH, 0, 2)).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void sequenceGapIsOutOfOrder() {
        append(PID, EPOCH, 0, 3);

        assertThatThrownBy(() -> append(PID, EPOCH, 4, 1))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining(TP.toString())
                .hasMessageContaining("expected 3");
    }

    @Test
    void olderEpochIsInvalidProducerEpoch() {
        append(PID, EPOCH, 0, 1);

        assertThatThrownBy(() -> append(PID, (short) (EPOCH - 1), 1, 1))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void newEpochStartingAtSequenceZeroIsAccepted() {
        append(PID, EPOCH, 0, 5);

        append(PID, (short) (EPOCH + 1), 0, 2);

        assertThat(entry(PID).producerEpoch()).isEqualTo((short) (EPOCH + 1));
        assertThat(entry(PID).lastSequence()).isEqualTo(1);
        assertThat(entry(PID).batches()).hasSize(1);
    }

    @Test
    void newEpochNotStartingAtSequenceZeroIsOutOfOrder() {
        append(PID, EPOCH, 0, 5);

        assertThatThrownBy(() -> append(PID, (short) (EPOCH + 1), 5, 1))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void sequenceWrapsFromMaxValueToZero() {
        append(PID, EPOCH, Integer.MAX_VALUE - 1, 2);

        append(PID, EPOCH, 0, 1);

        assertThat(entry(PID).lastSequence()).isZero();
    }

    @Test
    void batchSpanningTheWrapIsFollowedByItsNextSequence() {
        append(PID, EPOCH, Integer.MAX_VALUE - 1, 4); // sequences MAX-1, MAX, 0, 1

        append(PID, EPOCH, 2, 1);

        assertThat(entry(PID).lastSequence()).isEqualTo(2);
    }

    @Test
    void rejectedAppendLeavesTableUnchanged() {
        append(PID, EPOCH, 0, 2);
        ProducerStateEntry before = entry(PID);
        long mapEndBefore = table.mapEndOffset();
        ProducerAppend append = table.prepareAppend();
        RecordBatch good = idempotent(2, PID, EPOCH, 2, 1, clock.milliseconds());
        append.check(good);
        append.stage(good, 2, 2);

        assertThatThrownBy(() -> append.check(idempotent(3, PID, EPOCH, 9, 1, clock.milliseconds())))
                .isInstanceOf(OutOfOrderSequenceException.class);

        assertThat(entry(PID)).isEqualTo(before);
        assertThat(table.mapEndOffset()).isEqualTo(mapEndBefore);
    }

    @Test
    void checkSeesBatchesStagedEarlierInTheSameAppend() {
        ProducerAppend append = table.prepareAppend();
        RecordBatch first = idempotent(0, PID, EPOCH, 0, 2, clock.milliseconds());
        RecordBatch second = idempotent(2, PID, EPOCH, 2, 2, clock.milliseconds());
        append.check(first);
        append.stage(first, 0, 1);

        assertThat(append.check(second)).isEmpty();
        append.stage(second, 2, 3);
        append.commit();

        assertThat(entry(PID).lastSequence()).isEqualTo(3);
        assertThat(table.mapEndOffset()).isEqualTo(4);
    }

    @Test
    void batchWithProducerIdButNoSequenceIsInvalid() {
        RecordBatch batch = Batches.idempotentWithoutSequence(0, PID, EPOCH, clock.milliseconds());

        assertThatThrownBy(() -> table.prepareAppend().check(batch)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void batchesWithoutProducerIdAreNotChecked() {
        ProducerAppend append = table.prepareAppend();
        RecordBatch batch = plain(0, 3, clock.milliseconds());

        assertThat(append.check(batch)).isEmpty();
        append.stage(batch, 0, 2);
        append.commit();

        assertThat(table.activeProducers()).isEmpty();
        assertThat(table.mapEndOffset()).isEqualTo(3);
    }

    @Test
    void transactionalBatchStartsTransaction() {
        append(transactional(0, PID, EPOCH, 0, 2, clock.milliseconds()));
        append(transactional(0, PID, EPOCH, 2, 2, clock.milliseconds()));

        assertThat(entry(PID).currentTxnFirstOffset()).isEqualTo(OptionalLong.of(0));
        assertThat(table.firstUndecidedOffset()).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void commitMarkerEndsTransaction() {
        append(transactional(0, PID, EPOCH, 0, 2, clock.milliseconds()));
        ProducerAppend append = table.prepareAppend();
        RecordBatch commit = marker(2, PID, EPOCH, ControlRecordType.COMMIT, 7, clock.milliseconds());
        append.check(commit);
        append.stage(commit, 2, 2);
        append.commit();

        assertThat(append.completedTransactions()).containsExactly(new CompletedTxn(PID, 0, 2, false));
        assertThat(entry(PID).currentTxnFirstOffset()).isEmpty();
        assertThat(entry(PID).coordinatorEpoch()).isEqualTo(7);
        assertThat(table.firstUndecidedOffset()).isEmpty();
    }

    @Test
    void abortMarkerReportsAbortedTransaction() {
        append(transactional(0, PID, EPOCH, 0, 3, clock.milliseconds()));
        ProducerAppend append = table.prepareAppend();
        RecordBatch abort = marker(3, PID, EPOCH, ControlRecordType.ABORT, 7, clock.milliseconds());
        append.check(abort);
        append.stage(abort, 3, 3);

        assertThat(append.completedTransactions()).containsExactly(new CompletedTxn(PID, 0, 3, true));
    }

    @Test
    void nonTransactionalBatchDuringOngoingTransactionIsInvalidTxnState() {
        append(transactional(0, PID, EPOCH, 0, 2, clock.milliseconds()));

        assertThatThrownBy(() -> append(PID, EPOCH, 2, 1)).isInstanceOf(InvalidTxnStateException.class);
    }

    @Test
    void markerFromOlderCoordinatorEpochIsFenced() {
        append(transactional(0, PID, EPOCH, 0, 1, clock.milliseconds()));
        append(marker(1, PID, EPOCH, ControlRecordType.COMMIT, 7, clock.milliseconds()));

        RecordBatch stale = marker(2, PID, EPOCH, ControlRecordType.ABORT, 6, clock.milliseconds());

        assertThatThrownBy(() -> table.prepareAppend().check(stale))
                .isInstanceOf(TransactionCoordinatorFencedException.class);
    }

    @Test
    void markerWithOlderProducerEpochIsInvalidProducerEpoch() {
        append(transactional(0, PID, EPOCH, 0, 1, clock.milliseconds()));

        RecordBatch stale = marker(1, PID, (short) (EPOCH - 1), ControlRecordType.COMMIT, 7, clock.milliseconds());

        assertThatThrownBy(() -> table.prepareAppend().check(stale)).isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void replayRebuildsStateWithoutValidation() {
        table.replay(idempotent(0, PID, EPOCH, 0, 2, 1000L));
        table.replay(idempotent(2, PID, EPOCH, 10, 3, 2000L)); // a gap replicas do not judge

        assertThat(entry(PID).lastBatch()).contains(new BatchMetadata(10, 12, 2, 4, 2000L));
        assertThat(entry(PID).lastTimestamp()).isEqualTo(2000L);
        assertThat(table.mapEndOffset()).isEqualTo(5);
    }

    @Test
    void replayOfMarkerClearsTransaction() {
        table.replay(transactional(0, PID, EPOCH, 0, 2, 1000L));
        table.replay(marker(2, PID, EPOCH, ControlRecordType.ABORT, 3, 1500L));

        assertThat(entry(PID).currentTxnFirstOffset()).isEmpty();
        assertThat(entry(PID).coordinatorEpoch()).isEqualTo(3);
        assertThat(table.mapEndOffset()).isEqualTo(3);
    }

    @Test
    void replayOfPlainBatchOnlyAdvancesMapEndOffset() {
        table.replay(plain(0, 4, 1000L));

        assertThat(table.activeProducers()).isEmpty();
        assertThat(table.mapEndOffset()).isEqualTo(4);
    }

    @Test
    void activeProducersDescribesEachProducer() {
        append(PID, EPOCH, 0, 2);
        append(transactional(0, PID + 1, (short) 0, 5, 1, clock.milliseconds()));

        assertThat(table.activeProducers())
                .containsExactlyInAnyOrder(
                        new ProducerInfo(PID, EPOCH, 1, clock.milliseconds(), -1, -1L),
                        new ProducerInfo(PID + 1, (short) 0, 5, clock.milliseconds(), -1, 2L));
    }

    @Test
    void snapshotRoundTripRestoresEveryProducer() {
        append(PID, EPOCH, 0, 2);
        append(PID, EPOCH, 2, 3);
        append(transactional(0, PID + 1, (short) 4, 0, 1, clock.milliseconds()));
        table.takeSnapshot(table.mapEndOffset());

        ProducerStateTable reloaded = newTable();
        long loadedAt = reloaded.loadLatestSnapshotAtOrBelow(100);

        assertThat(loadedAt).isEqualTo(6);
        assertThat(reloaded.mapEndOffset()).isEqualTo(6);
        assertThat(reloaded.activeProducers()).containsExactlyInAnyOrderElementsOf(table.activeProducers());
        assertThat(reloaded.entry(PID).orElseThrow().lastBatch())
                .isEqualTo(entry(PID).lastBatch());
    }

    @Test
    void retryOfLastBatchIsStillDuplicateAfterSnapshotReload() {
        append(PID, EPOCH, 0, 2);
        append(PID, EPOCH, 2, 3);
        table.takeSnapshot(table.mapEndOffset());
        table = newTable();
        table.loadLatestSnapshotAtOrBelow(Long.MAX_VALUE);

        Optional<BatchMetadata> duplicate = append(idempotent(0, PID, EPOCH, 2, 3, clock.milliseconds()));

        assertThat(duplicate).contains(new BatchMetadata(2, 4, 2, 4, clock.milliseconds()));
    }

    @Test
    void sequencesContinueAfterSnapshotReload() {
        append(PID, EPOCH, 0, 2);
        table.takeSnapshot(table.mapEndOffset());
        table = newTable();
        table.loadLatestSnapshotAtOrBelow(Long.MAX_VALUE);

        assertThatThrownBy(() -> append(PID, EPOCH, 5, 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(append(PID, EPOCH, 2, 1)).isEmpty();
    }

    @Test
    void snapshotFileIsNamedAfterItsOffset() {
        table.takeSnapshot(1234);

        assertThat(dir.resolve("00000000000000001234.snapshot")).exists();
        assertThat(table.latestSnapshotOffset()).isEqualTo(OptionalLong.of(1234));
    }

    @Test
    void corruptSnapshotIsDeletedAndOlderOneUsed() throws Exception {
        append(PID, EPOCH, 0, 2);
        table.takeSnapshot(2);
        append(PID, EPOCH, 2, 2);
        table.takeSnapshot(4);
        flipLastByte(ProducerSnapshotFile.path(dir, 4));

        ProducerStateTable reloaded = newTable();
        long loadedAt = reloaded.loadLatestSnapshotAtOrBelow(10);

        assertThat(loadedAt).isEqualTo(2);
        assertThat(reloaded.entry(PID).orElseThrow().lastSequence()).isEqualTo(1);
        assertThat(ProducerSnapshotFile.path(dir, 4)).doesNotExist();
    }

    @Test
    void onlyCorruptSnapshotLeavesEmptyStateFromZero() throws Exception {
        append(PID, EPOCH, 0, 2);
        table.takeSnapshot(2);
        flipLastByte(ProducerSnapshotFile.path(dir, 2));

        ProducerStateTable reloaded = newTable();

        assertThat(reloaded.loadLatestSnapshotAtOrBelow(10)).isZero();
        assertThat(reloaded.activeProducers()).isEmpty();
        assertThat(reloaded.mapEndOffset()).isZero();
    }

    @Test
    void loadPicksNewestSnapshotAtOrBelowTheOffset() {
        for (long offset : new long[] {10, 20, 30}) {
            table.replay(idempotent(offset - 1, PID, EPOCH, (int) offset, 1, clock.milliseconds()));
            table.takeSnapshot(offset);
        }

        ProducerStateTable reloaded = newTable();

        assertThat(reloaded.loadLatestSnapshotAtOrBelow(25)).isEqualTo(20);
        assertThat(reloaded.entry(PID).orElseThrow().lastSequence()).isEqualTo(20);
        assertThat(reloaded.loadLatestSnapshotAtOrBelow(30)).isEqualTo(30);
        assertThat(reloaded.loadLatestSnapshotAtOrBelow(9)).isZero();
        assertThat(reloaded.activeProducers()).isEmpty();
    }

    @Test
    void loadReplacesCurrentState() {
        table.takeSnapshot(0);
        append(PID, EPOCH, 0, 1);

        table.loadLatestSnapshotAtOrBelow(0);

        assertThat(table.activeProducers()).isEmpty();
        assertThat(table.mapEndOffset()).isZero();
    }

    @Test
    void loadSkipsProducersAlreadyExpired() {
        append(PID, EPOCH, 0, 1);
        table.takeSnapshot(1);
        clock.advance(EXPIRATION_MS);

        ProducerStateTable reloaded = newTable();
        reloaded.loadLatestSnapshotAtOrBelow(1);

        assertThat(reloaded.activeProducers()).isEmpty();
    }

    @Test
    void deleteSnapshotsAboveKeepsThoseAtOrBelow() {
        for (long offset : new long[] {10, 20, 30}) {
            table.takeSnapshot(offset);
        }

        table.deleteSnapshotsAbove(20);

        assertThat(table.snapshotOffsets()).containsExactly(10L, 20L);
    }

    @Test
    void deleteSnapshotsBelowKeepsThoseAtOrAbove() {
        for (long offset : new long[] {10, 20, 30}) {
            table.takeSnapshot(offset);
        }

        table.deleteSnapshotsBelow(20);

        assertThat(table.snapshotOffsets()).containsExactly(20L, 30L);
    }

    @Test
    void truncateFullyClearsStateAndSnapshots() {
        append(PID, EPOCH, 0, 2);
        table.takeSnapshot(2);

        table.truncateFullyAndStartAt(500);

        assertThat(table.activeProducers()).isEmpty();
        assertThat(table.snapshotOffsets()).isEmpty();
        assertThat(table.mapEndOffset()).isEqualTo(500);
    }

    @Test
    void leftoverSnapshotTempFileIsNotASnapshot() throws Exception {
        Files.write(dir.resolve("00000000000000000007.snapshot.tmp"), new byte[] {1, 2, 3});

        assertThat(table.snapshotOffsets()).isEmpty();
        assertThat(table.loadLatestSnapshotAtOrBelow(100)).isZero();
    }

    @Test
    void expiresProducerIdleForExpirationTime() {
        append(PID, EPOCH, 0, 1);
        clock.advance(EXPIRATION_MS);

        table.expireProducers(clock.milliseconds());

        assertThat(table.entry(PID)).isEmpty();
    }

    @Test
    void keepsProducerActiveWithinExpirationTime() {
        append(PID, EPOCH, 0, 1);
        clock.advance(EXPIRATION_MS - 1);

        table.expireProducers(clock.milliseconds());

        assertThat(table.entry(PID)).isPresent();
    }

    @Test
    void keepsIdleProducerWithOngoingTransaction() {
        append(transactional(0, PID, EPOCH, 0, 1, clock.milliseconds()));
        clock.advance(EXPIRATION_MS * 10);

        table.expireProducers(clock.milliseconds());

        assertThat(table.entry(PID)).isPresent();
    }

    @Test
    void expiredProducerMayRestartAtAnySequence() {
        append(PID, EPOCH, 0, 5);
        clock.advance(EXPIRATION_MS);
        table.expireProducers(clock.milliseconds());

        assertThat(append(PID, EPOCH, 42, 1)).isEmpty();
    }

    @Test
    void concurrentReadersSeeConsistentEntries() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 2_000; i++) {
                    for (ProducerInfo info : table.activeProducers()) {
                        assertThat(info.producerEpoch()).isEqualTo(EPOCH);
                    }
                }
            } catch (Throwable t) {
                synchronized (failures) {
                    failures.add(t);
                }
            }
        });
        reader.start();
        for (int i = 0; i < 500; i++) {
            append(PID + (i % 10), EPOCH, (i / 10), 1);
        }
        reader.join();

        assertThat(failures).isEmpty();
        assertThat(table.producerCount()).isEqualTo(10);
    }

    private static void flipLastByte(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x5A;
        Files.write(file, bytes);
    }
}
