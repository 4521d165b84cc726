package io.runnel.storage.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetCheckpointFileTest {

    @TempDir
    Path dir;

    private OffsetCheckpointFile file() {
        return new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT));
    }

    @Test
    void readsBackWhatWasWritten() {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        offsets.put(new TopicPartition("orders", 0), 42L);
        offsets.put(new TopicPartition("orders", 7), 0L);
        offsets.put(new TopicPartition("payments", 3), Long.MAX_VALUE);

        file().write(offsets);

        assertThat(file().read()).isEqualTo(offsets);
    }

    @Test
    void keepsTopicNamesWithDotsDashesAndUnderscores() {
        Map<TopicPartition, Long> offsets = Map.of(
                new TopicPartition("my.topic_v2-final", 12), 100L,
                new TopicPartition("__consumer_offsets", 49), 7L);

        file().write(offsets);

        assertThat(file().read()).isEqualTo(offsets);
    }

    @Test
    void writesKafkaFormat() throws IOException {
        file().write(Map.of(new TopicPartition("orders", 2), 15L));

        assertThat(Files.readString(file().file())).isEqualTo("0\n1\norders 2 15\n");
    }

    @Test
    void emptyMapRoundTrips() {
        file().write(Map.of());

        assertThat(file().read()).isEmpty();
    }

    @Test
    void missingFileReadsAsEmpty() {
        assertThat(file().read()).isEmpty();
    }

    @Test
    void readsKafkaFileWithExtraWhitespace() throws IOException {
        Files.writeString(file().file(), "0\n1\norders  2\t15\n");

        assertThat(file().read()).containsExactly(Map.entry(new TopicPartition("orders", 2), 15L));
    }

    @Test
    void lineWithMissingFieldIsCorrupt() throws IOException {
        Files.writeString(file().file(), "0\n1\norders 15\n");

        assertThatThrownBy(() -> file().read())
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(file().file().toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void refusesTopicNameThatWouldBreakTheLineFormat() {
        assertThatThrownBy(() -> file().write(Map.of(new TopicPartition("bad topic", 0), 1L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(file().file()).doesNotExist();
    }

    @Test
    void nonNumericOffsetIsCorrupt() throws IOException {
        Files.writeString(file().file(), "0\n1\norders 2 fifteen\n");

        assertThatThrownBy(() -> file().read()).isInstanceOf(CorruptCheckpointException.class);
    }
}
