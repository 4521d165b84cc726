package io.runnel.storage.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import io.runnel.storage.testing.Batches;
import io.runnel.storage.testing.ManualClock;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogSegmentTest {

    private static final SegmentSettings SETTINGS = new SegmentSettings(100, 10 * 1024, false, 1024 * 1024);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final List<LogSegment> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(LogSegment::closeHandlers);
    }

    private LogSegment create(long baseOffset) {
        var segment = LogSegment.create(dir, baseOffset, SETTINGS, clock);
        opened.add(segment);
        return segment;
    }

    /** Appends batches of 1..5 records with growing timestamps; returns offset → (batch position) oracle. */
    private TreeMap<Long, Integer> fill(LogSegment segment, long baseOffset, int batches, Random random) {
        var batchStartByLastOffset = new TreeMap<Long, Integer>();
        long offset = baseOffset;
        for (int i = 0; i < batches; i++) {
            int count = 1 + random.nextInt(5);
            var records = Batches.atOffset(offset, 1_000 + offset, count);
            int position = segment.size();
            segment.append(offset + count - 1, records);
            batchStartByLastOffset.put(offset + count - 1, position);
            offset += count;
        }
        return batchStartByLastOffset;
    }

    @Test
    void namesFilesByTwentyDigitBaseOffset() {
        var segment = create(1234);
        segment.append(1234, Batches.atOffset(1234, 1, 1));
        segment.close();
        assertThat(dir.resolve("00000000000000001234.log")).exists();
        assertThat(dir.resolve("00000000000000001234.index")).exists();
        assertThat(dir.resolve("00000000000000001234.timeindex")).exists();
    }

    @Test
    void translatesEveryOffsetToTheBatchHoldingIt() {
        var segment = create(100);
        var oracle = fill(segment, 100, 200, new Random(1));
        long end = oracle.lastKey();
        for (long offset = 100; offset <= end; offset++) {
            var expected = oracle.ceilingEntry(offset);
            var found = segment.translateOffset(offset, 0);
            assertThat(found.position).as("offset %d", offset).isEqualTo(expected.getValue());
        }
        assertThat(segment.translateOffset(end + 1, 0)).isNull();
        assertThat(segment.offsetIndex().entries()).isGreaterThan(10);
    }

    @Test
    void findsFirstOffsetAtOrAfterEveryTimestamp() {
        var segment = create(0);
        var oracle = fill(segment, 0, 150, new Random(2));
        long last = oracle.lastKey();
        for (long ts = 990; ts <= 1_000 + last + 2; ts++) {
            var found = segment.findOffsetByTimestamp(ts, 0);
            long expectedOffset = Math.max(ts - 1_000, 0);
            if (expectedOffset > last) {
                assertThat(found).as("ts %d", ts).isEmpty();
            } else {
                assertThat(found).as("ts %d", ts).isPresent();
                assertThat(found.get().offset).as("ts %d", ts).isEqualTo(expectedOffset);
            }
        }
    }

    @Test
    void readReturnsWholeBatchesWithinMaxSize() {
        var segment = create(0);
        var oracle = fill(segment, 0, 50, new Random(3));
        var slice = segment.read(0, 500, Long.MAX_VALUE, false);
        long endPositionOfSlice = slice.sizeInBytes();
        assertThat(endPositionOfSlice).isLessThanOrEqualTo(500);
        assertThat(oracle.containsValue((int) endPositionOfSlice)).isTrue();
        slice.batches().forEach(b -> b.ensureValid());
    }

    @Test
    void readReturnsFirstBatchWhenLargerThanMaxSizeOnlyWithMinOneMessage() {
        var segment = create(0);
        segment.append(9, Batches.atOffset(0, 1, 10));
        assertThat(segment.read(0, 10, Long.MAX_VALUE, false).sizeInBytes()).isZero();
        assertThat(segment.read(0, 10, Long.MAX_VALUE, true).sizeInBytes()).isEqualTo(segment.size());
    }

    @Test
    void recoverTruncatesTornTail() throws IOException {
        var segment = create(0);
        var oracle = fill(segment, 0, 30, new Random(4));
        int validSize = segment.size();
        segment.append(oracle.lastKey() + 3, Batches.atOffset(oracle.lastKey() + 1, 5, 3));
        segment.closeHandlers();
        try (var channel = FileChannel.open(segment.logFile(), StandardOpenOption.WRITE)) {
            channel.truncate(validSize + 20);
        }

        var loaded = LogSegment.load(dir, 0, SETTINGS, clock);
        opened.add(loaded);
        int truncated = loaded.recover(batch -> {});

        assertThat(truncated).isEqualTo(20);
        assertThat(loaded.size()).isEqualTo(validSize);
        assertThat(loaded.readNextOffset()).isEqualTo(oracle.lastKey() + 1);
    }

    @Test
    void recoverTruncatesFromAFlippedCrcByte() throws IOException {
        var segment = create(0);
        var oracle = fill(segment, 0, 30, new Random(5));
        segment.closeHandlers();
        var corruptBatchLastOffset = oracle.higherKey(oracle.firstKey() + 40);
        int position = oracle.get(corruptBatchLastOffset);
        flipByte(segment.logFile(), position + 70);

        var loaded = LogSegment.load(dir, 0, SETTINGS, clock);
        opened.add(loaded);
        loaded.recover(batch -> {});

        assertThat(loaded.size()).isEqualTo(position);
        assertThat(loaded.readNextOffset()).isEqualTo(oracle.lowerKey(corruptBatchLastOffset) + 1);
    }

    @Test
    void recoverTruncatesRandomGarbageAfterTheLastBatch() throws IOException {
        var segment = create(0);
        fill(segment, 0, 10, new Random(6));
        int validSize = segment.size();
        segment.closeHandlers();
        var garbage = new byte[333];
        new Random(6).nextBytes(garbage);
        Files.write(segment.logFile(), garbage, StandardOpenOption.APPEND);

        var loaded = LogSegment.load(dir, 0, SETTINGS, clock);
        opened.add(loaded);
        loaded.recover(batch -> {});

        assertThat(loaded.size()).isEqualTo(validSize);
    }

    @Test
    void recoverRebuildsTheSameIndexesAsAppending() throws IOException {
        var segment = create(0);
        fill(segment, 0, 80, new Random(8));
        var entriesBefore = segment.offsetIndex().entries();
        var lastBefore = segment.offsetIndex().lastEntry();
        segment.closeHandlers();
        Files.delete(SegmentFileNames.offsetIndexFile(dir, 0));

        var loaded = LogSegment.load(dir, 0, SETTINGS, clock);
        opened.add(loaded);
        loaded.recover(batch -> {});

        assertThat(loaded.offsetIndex().entries()).isEqualTo(entriesBefore);
        assertThat(loaded.offsetIndex().lastEntry()).isEqualTo(lastBefore);
    }

    @Test
    void truncateToRemovesTheBatchHoldingTheOffsetAndAllAfter() {
        var segment = create(0);
        var oracle = fill(segment, 0, 40, new Random(9));
        long cut = oracle.higherKey(oracle.firstKey() + 50);
        long batchStart = oracle.lowerKey(cut) + 1;

        segment.truncateTo(batchStart);

        assertThat(segment.readNextOffset()).isEqualTo(batchStart);
        assertThat(segment.size()).isEqualTo(oracle.get(cut));
        assertThat(segment.offsetIndex().lastEntry().offset()).isLessThan(batchStart);
    }

    @Test
    void closeTrimsIndexesAndReloadsLazily() throws IOException {
        var segment = create(0);
        fill(segment, 0, 40, new Random(10));
        int entries = segment.offsetIndex().entries();
        segment.onBecomeInactiveSegment();
        segment.close();
        assertThat(Files.size(SegmentFileNames.offsetIndexFile(dir, 0))).isEqualTo(entries * 8L);

        var loaded = LogSegment.load(dir, 0, SETTINGS, clock);
        opened.add(loaded);
        loaded.sanityCheckIndexes();
        assertThat(loaded.offsetIndex().entries()).isEqualTo(entries);
        assertThat(loaded.maxTimestampSoFar()).isEqualTo(segment.maxTimestampSoFar());
    }

    @Test
    void emptyMemoryRecordsAppendNothing() {
        var segment = create(0);
        segment.append(0, MemoryRecords.EMPTY);
        assertThat(segment.size()).isZero();
    }

    static void flipByte(Path file, long position) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            var one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.flip();
            one.put(0, (byte) ~one.get(0));
            channel.write(one, position);
        }
    }
}
