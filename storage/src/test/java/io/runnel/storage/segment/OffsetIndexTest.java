package io.runnel.storage.segment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetIndexTest {

    @TempDir
    Path dir;

    @Test
    void lookupMatchesSortedMapOracleAtEveryBoundary() {
        var random = new Random(42);
        long base = 1_000;
        var index = new OffsetIndex(dir.resolve("a.index"), base, 8 * 1000);
        var oracle = new TreeMap<Long, Integer>();
        long offset = base;
        int position = 0;
        for (int i = 0; i < 500; i++) {
            offset += 1 + random.nextInt(20);
            position += 1 + random.nextInt(4000);
            index.append(offset, position);
            oracle.put(offset, position);
        }
        for (long target = base - 5; target <= offset + 5; target++) {
            var floor = oracle.floorEntry(target);
            var expected =
                    floor == null ? new OffsetPosition(base, 0) : new OffsetPosition(floor.getKey(), floor.getValue());
            assertThat(index.lookup(target)).as("lookup(%d)", target).isEqualTo(expected);
        }
    }

    @Test
    void preallocatesToMaxSizeRoundedDownAndTrimsToEntries() throws Exception {
        var file = dir.resolve("b.index");
        var index = new OffsetIndex(file, 0, 100);
        index.append(5, 10);
        assertThat(Files.size(file)).isEqualTo(96);
        assertThat(index.maxEntries()).isEqualTo(12);

        index.trimToValidSize();
        index.close();

        assertThat(Files.size(file)).isEqualTo(8);
        var reopened = new OffsetIndex(file, 0, 100);
        assertThat(reopened.entries()).isEqualTo(1);
        assertThat(reopened.lookup(7)).isEqualTo(new OffsetPosition(5, 10));
    }

    @Test
    void writesKafkaEntryLayout() throws Exception {
        var file = dir.resolve("c.index");
        var index = new OffsetIndex(file, 100, 64);
        index.append(103, 4096);
        index.trimToValidSize();
        index.close();

        var bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
        assertThat(bytes.getInt()).isEqualTo(3);
        assertThat(bytes.getInt()).isEqualTo(4096);
    }

    @Test
    void rejectsOffsetsOutOfOrder() {
        var index = new OffsetIndex(dir.resolve("d.index"), 0, 80);
        index.append(10, 0);
        assertThatThrownBy(() -> index.append(10, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isFullAtMaxEntries() {
        var index = new OffsetIndex(dir.resolve("e.index"), 0, 16);
        index.append(1, 0);
        assertThat(index.isFull()).isFalse();
        index.append(2, 10);
        assertThat(index.isFull()).isTrue();
        assertThatThrownBy(() -> index.append(3, 20)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void truncateToDropsEntriesAtAndAboveOffset() {
        var index = new OffsetIndex(dir.resolve("f.index"), 0, 800);
        for (int i = 1; i <= 10; i++) {
            index.append(i * 10, i * 100);
        }
        index.truncateTo(50);
        assertThat(index.entries()).isEqualTo(4);
        assertThat(index.lastEntry()).isEqualTo(new OffsetPosition(40, 400));
    }

    @Test
    void sanityCheckRejectsSizeNotMultipleOfEntry() throws Exception {
        var file = dir.resolve("g.index");
        Files.write(file, new byte[13]);
        var index = new OffsetIndex(file, 0, 800);
        assertThatThrownBy(index::sanityCheck).isInstanceOf(CorruptIndexException.class);
    }

    @Test
    void sanityCheckRejectsDecreasingOffsets() throws Exception {
        var file = dir.resolve("h.index");
        Files.write(
                file,
                java.nio.ByteBuffer.allocate(16)
                        .putInt(9)
                        .putInt(0)
                        .putInt(3)
                        .putInt(50)
                        .array());
        var index = new OffsetIndex(file, 0, 800);
        assertThatThrownBy(index::sanityCheck).isInstanceOf(CorruptIndexException.class);
    }
}
