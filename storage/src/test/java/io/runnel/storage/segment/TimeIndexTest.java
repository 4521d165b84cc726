package io.runnel.storage.segment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;

import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TimeIndexTest {

    @TempDir
    Path dir;

    @Test
    void lookupMatchesSortedMapOracleAtEveryBoundary() {
        var random = new Random(7);
        long base = 50;
        var index = new TimeIndex(dir.resolve("a.timeindex"), base, 12 * 400);
        var oracle = new TreeMap<Long, Long>();
        long offset = base;
        long timestamp = 1_000;
        for (int i = 0; i < 300; i++) {
            offset += random.nextInt(10);
            timestamp += 1 + random.nextInt(5);
            index.maybeAppend(timestamp, offset);
            oracle.put(timestamp, offset);
        }
        for (long target = 990; target <= timestamp + 5; target++) {
            var floor = oracle.floorEntry(target);
            var expected = floor == null
                    ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, base)
                    : new TimestampOffset(floor.getKey(), floor.getValue());
            assertThat(index.lookup(target)).as("lookup(%d)", target).isEqualTo(expected);
        }
    }

    @Test
    void ignoresTimestampsThatDoNotGrow() {
        var index = new TimeIndex(dir.resolve("b.timeindex"), 0, 120);
        index.maybeAppend(100, 1);
        index.maybeAppend(100, 2);
        index.maybeAppend(90, 3);
        assertThat(index.entries()).isEqualTo(1);
        assertThat(index.lastEntry()).isEqualTo(new TimestampOffset(100, 1));
    }

    @Test
    void keepsOneSlotForTheFinalEntry() {
        var index = new TimeIndex(dir.resolve("c.timeindex"), 0, 36);
        index.maybeAppend(1, 1);
        index.maybeAppend(2, 2);
        assertThat(index.isFull()).isTrue();
        index.maybeAppend(3, 3, true);
        assertThat(index.entries()).isEqualTo(3);
    }

    @Test
    void writesKafkaEntryLayout() throws Exception {
        var file = dir.resolve("d.timeindex");
        var index = new TimeIndex(file, 10, 120);
        index.maybeAppend(1_700_000_000_123L, 17);
        index.trimToValidSize();
        index.close();
        var bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
        assertThat(bytes.remaining()).isEqualTo(12);
        assertThat(bytes.getLong()).isEqualTo(1_700_000_000_123L);
        assertThat(bytes.getInt()).isEqualTo(7);
    }

    @Test
    void sanityCheckRejectsAnUntrimmedZeroFilledIndex() throws Exception {
        var file = dir.resolve("e.timeindex");
        Files.write(file, new byte[12 * 4]);
        var index = new TimeIndex(file, 0, 120);
        org.assertj.core.api.Assertions.assertThatThrownBy(index::sanityCheck)
                .isInstanceOf(CorruptIndexException.class);
    }
}
