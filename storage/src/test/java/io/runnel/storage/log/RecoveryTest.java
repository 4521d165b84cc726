package io.runnel.storage.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.runnel.storage.FetchIsolation;
import io.runnel.storage.segment.SegmentFileNames;
import io.runnel.storage.testing.Batches;
import io.runnel.storage.testing.LogFixture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryTest {

    @TempDir
    Path tmp;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** A log of {@code batches} single-record batches over several segments; returns it after closing it. */
    private SegmentedLog filled(int batches) {
        fixture = new LogFixture(
                tmp, Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, 1_000, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, 100));
        var log = fixture.open();
        for (int i = 0; i < batches; i++) {
            log.appendAsLeader(Batches.of(1, fixture.clock.milliseconds()), 1);
        }
        return log;
    }

    private static List<Long> allOffsets(SegmentedLog log) {
        var offsets = new ArrayList<Long>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            var records = log.read(next, 1 << 20, FetchIsolation.LOG_END, true).records();
            for (RecordBatch batch : records.batches()) {
                batch.ensureValid();
                offsets.addAll(Batches.offsets(
                        org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(toBuffer(batch))));
                next = batch.nextOffset();
            }
        }
        return offsets;
    }

    private static ByteBuffer toBuffer(RecordBatch batch) {
        var buffer = ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(buffer);
        return buffer.flip();
    }

    private Path lastSegmentFile(SegmentedLog log) {
        return log.segments().get(log.segments().size() - 1).logFile();
    }

    @Test
    void truncatesTornTailOnUncleanRecovery() throws IOException {
        var log = filled(40);
        long end = log.logEndOffset();
        var file = lastSegmentFile(log);
        fixture.crash();
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 7);
        }

        var recovered = fixture.openAfterCrash(0, false);

        assertThat(recovered.logEndOffset()).isEqualTo(end - 1);
        assertThat(allOffsets(recovered)).hasSize((int) end - 1);
    }

    @Test
    void truncatesRandomGarbageAppendedAfterTheLastBatch() throws IOException {
        var log = filled(30);
        long end = log.logEndOffset();
        var file = lastSegmentFile(log);
        long size = Files.size(file);
        fixture.crash();
        var garbage = new byte[500];
        new Random(3).nextBytes(garbage);
        Files.write(file, garbage, StandardOpenOption.APPEND);

        var recovered = fixture.openAfterCrash(0, false);

        assertThat(recovered.logEndOffset()).isEqualTo(end);
        assertThat(Files.size(file)).isEqualTo(size);
        recovered.appendAsLeader(Batches.of(1, fixture.clock.milliseconds()), 1);
        assertThat(allOffsets(recovered)).hasSize((int) end + 1);
    }

    @Test
    void flippedCrcByteMidLogTruncatesThereAndDropsLaterSegments() throws IOException {
        var log = filled(60);
        assertThat(log.segments().size()).isGreaterThanOrEqualTo(3);
        var middle = log.segments().get(1);
        long middleBase = middle.baseOffset();
        var batch = middle.translateOffset(middleBase + 2, 0);
        fixture.crash();
        flipByte(middle.logFile(), batch.position + batch.size - 3);

        var recovered = fixture.openAfterCrash(0, false);

        assertThat(recovered.logEndOffset()).isEqualTo(middleBase + 2);
        assertThat(recovered.segments()).hasSize(2);
        assertThat(allOffsets(recovered))
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, middleBase + 2)
                        .boxed()
                        .toList());
    }

    @Test
    void segmentsBelowTheRecoveryPointAreTrustedAndAboveRevalidated() throws IOException {
        var log = filled(60);
        var first = log.segments().get(0);
        var last = log.segments().get(log.segments().size() - 1);
        long end = log.logEndOffset();
        fixture.crash();
        // Garbage after the first segment would survive (it is below the recovery point: trusted, like Kafka),
        // so only the segment past the recovery point is damaged here.
        Files.write(last.logFile(), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);

        var recovered = fixture.openAfterCrash(last.baseOffset(), false);

        assertThat(recovered.logEndOffset()).isEqualTo(end);
        assertThat(Files.size(last.logFile())).isEqualTo(last.size());
        assertThat(recovered.segments().get(0).baseOffset()).isEqualTo(first.baseOffset());
    }

    @Test
    void rebuildsADeletedIndexEvenAfterCleanShutdown() throws IOException {
        var log = filled(40);
        fixture.reopenClean().close();
        var first = SegmentFileNames.offsetIndexFile(fixture.dir(), 0);
        long indexSize = Files.size(first);
        assertThat(indexSize).isPositive();
        Files.delete(first);

        var reopened = fixture.openAfterCrash(log.logEndOffset(), true);

        assertThat(Files.size(first)).isEqualTo(indexSize);
        assertThat(allOffsets(reopened)).hasSize(40);
    }

    @Test
    void rebuildsACorruptIndexEvenAfterCleanShutdown() throws IOException {
        var log = filled(40);
        fixture.reopenClean().close();
        var first = SegmentFileNames.offsetIndexFile(fixture.dir(), 0);
        long indexSize = Files.size(first);
        // Offsets going backwards: a binary search over this index would land anywhere.
        Files.write(
                first,
                ByteBuffer.allocate(16).putInt(9).putInt(0).putInt(2).putInt(50).array());

        var reopened = fixture.openAfterCrash(log.logEndOffset(), true);

        assertThat(Files.size(first)).isEqualTo(indexSize);
        assertThat(allOffsets(reopened)).hasSize(40);
    }

    @Test
    void missingCleanShutdownMarkerRevalidatesFromTheRecoveryPoint() throws IOException {
        var log = filled(20);
        var file = lastSegmentFile(log);
        long size = Files.size(file);
        log.close();
        Files.write(file, new byte[64], StandardOpenOption.APPEND);

        fixture.openAfterCrash(0, false);

        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void removesStrayFilesOnLoad() throws IOException {
        var log = filled(10);
        log.close();
        var dir = fixture.dir();
        Files.write(dir.resolve("00000000000000000000.log.deleted"), new byte[10]);
        Files.write(dir.resolve("00000000000000000005.log.cleaned"), new byte[10]);
        Files.write(dir.resolve("00000000000000000005.index.swap"), new byte[10]);
        Files.write(dir.resolve("00000000000000000005.snapshot.tmp"), new byte[10]);
        Files.write(dir.resolve("00000000000000009999.index"), new byte[8]);

        var reopened = fixture.openAfterCrash(log.logEndOffset(), true);

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".deleted")
                            || name.endsWith(".cleaned")
                            || name.endsWith(".swap")
                            || name.endsWith(".tmp")
                            || name.startsWith("00000000000000009999"));
        }
        assertThat(allOffsets(reopened)).hasSize(10);
    }

    @Test
    void leaderEpochCacheIsTruncatedToTheRecoveredLogEnd() throws IOException {
        fixture = new LogFixture(tmp, Map.of());
        var log = fixture.open();
        log.appendAsLeader(Batches.of(2, fixture.clock.milliseconds()), 1);
        log.appendAsLeader(Batches.of(2, fixture.clock.milliseconds()), 2);
        var file = lastSegmentFile(log);
        fixture.crash();
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 1);
        }

        var recovered = fixture.openAfterCrash(0, false);

        assertThat(recovered.logEndOffset()).isEqualTo(2);
        assertThat(recovered.latestEpoch()).contains(1);
    }

    static void flipByte(Path file, long position) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            var one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) ~one.get(0));
            one.rewind();
            channel.write(one, position);
        }
    }
}
