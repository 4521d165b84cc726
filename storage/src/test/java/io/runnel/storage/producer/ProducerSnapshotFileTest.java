package io.runnel.storage.producer;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerSnapshotFileTest {

    @TempDir
    Path dir;

    private static ProducerStateEntry entry(long pid, int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
        return new ProducerStateEntry(
                pid,
                (short) 3,
                List.of(new BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset, 1_000L)),
                5,
                OptionalLong.of(firstOffset),
                1_000L);
    }

    @Test
    void writesKafkaVersionOneLayout() throws Exception {
        Path file = ProducerSnapshotFile.path(dir, 42);
        ProducerSnapshotFile.write(file, List.of(entry(77, 10, 12, 100, 102)));

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));

        assertThat(bytes.remaining()).isEqualTo(10 + 46);
        assertThat(bytes.getShort(0)).isEqualTo((short) 1);
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 6, bytes.remaining() - 6);
        assertThat(Integer.toUnsignedLong(bytes.getInt(2))).isEqualTo(crc.getValue());
        assertThat(bytes.getInt(6)).isEqualTo(1);
        assertThat(bytes.getLong(10)).isEqualTo(77L); // producer_id
        assertThat(bytes.getShort(18)).isEqualTo((short) 3); // epoch
        assertThat(bytes.getInt(20)).isEqualTo(12); // last_sequence
        assertThat(bytes.getLong(24)).isEqualTo(102L); // last_offset
        assertThat(bytes.getInt(32)).isEqualTo(2); // offset_delta
        assertThat(bytes.getLong(36)).isEqualTo(1_000L); // timestamp
        assertThat(bytes.getInt(44)).isEqualTo(5); // coordinator_epoch
        assertThat(bytes.getLong(48)).isEqualTo(100L); // current_txn_first_offset
    }

    @Test
    void readsBackWhatWasWritten() throws Exception {
        Path file = ProducerSnapshotFile.path(dir, 42);
        List<ProducerStateEntry> entries = List.of(entry(77, 10, 12, 100, 102), entry(78, 0, 0, 103, 103));

        ProducerSnapshotFile.write(file, entries);

        assertThat(ProducerSnapshotFile.read(file)).isEqualTo(entries);
    }

    @Test
    void producerWithoutDataBatchRoundTrips() throws Exception {
        Path file = ProducerSnapshotFile.path(dir, 0);
        ProducerStateEntry markerOnly =
                new ProducerStateEntry(5, (short) 1, List.of(), 9, OptionalLong.empty(), 2_000L);

        ProducerSnapshotFile.write(file, List.of(markerOnly));

        assertThat(ProducerSnapshotFile.read(file)).containsExactly(markerOnly);
    }

    @Test
    void lastBatchSpanningSequenceWrapRoundTrips() throws Exception {
        Path file = ProducerSnapshotFile.path(dir, 0);
        ProducerStateEntry wrapped = entry(1, Integer.MAX_VALUE - 1, 1, 10, 13);

        ProducerSnapshotFile.write(file, List.of(wrapped));

        assertThat(ProducerSnapshotFile.read(file)).containsExactly(wrapped);
    }

    @Test
    void emptySnapshotRoundTrips() throws Exception {
        Path file = ProducerSnapshotFile.path(dir, 0);

        ProducerSnapshotFile.write(file, List.of());

        assertThat(Files.size(file)).isEqualTo(10);
        assertThat(ProducerSnapshotFile.read(file)).isEmpty();
    }

    @Test
    void flippedBitFailsCrc() throws Exception {
        Path file = ProducerSnapshotFile.path(dir, 0);
        ProducerSnapshotFile.write(file, List.of(entry(77, 10, 12, 100, 102)));
        byte[] bytes = Files.readAllBytes(file);
        bytes[30] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> ProducerSnapshotFile.read(file))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("CRC")
                .hasMessageContaining(file.toString());
    }

    @Test
    void truncatedFileIsCorrupt() throws Exception {
        Path file = ProducerSnapshotFile.path(dir, 0);
        ProducerSnapshotFile.write(file, List.of(entry(77, 10, 12, 100, 102)));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));

        assertThatThrownBy(() -> ProducerSnapshotFile.read(file))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("does not match the file size");
    }

    @Test
    void unknownVersionIsCorrupt() throws Exception {
        Path file = ProducerSnapshotFile.path(dir, 0);
        ProducerSnapshotFile.write(file, List.of());
        byte[] bytes = Files.readAllBytes(file);
        bytes[1] = 9;
        Files.write(file, bytes);

        assertThatThrownBy(() -> ProducerSnapshotFile.read(file))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void fileShorterThanHeaderIsCorrupt() throws Exception {
        Path file = ProducerSnapshotFile.path(dir, 0);
        Files.write(file, new byte[] {0, 1, 0});

        assertThatThrownBy(() -> ProducerSnapshotFile.read(file)).isInstanceOf(CorruptSnapshotException.class);
    }

    @Test
    void parsesOffsetFromFileName() {
        assertThat(ProducerSnapshotFile.offsetOf(Path.of("00000000000000001234.snapshot")))
                .isEqualTo(OptionalLong.of(1234));
        assertThat(ProducerSnapshotFile.offsetOf(Path.of("00000000000000001234.snapshot.tmp")))
                .isEmpty();
        assertThat(ProducerSnapshotFile.offsetOf(Path.of("00000000000000001234.log")))
                .isEmpty();
    }
}
