package io.runnel.storage.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointFileTest {

    /** Entries are lower-case words; "boom" makes toLine throw, failing a write half-way. */
    private static final CheckpointFile.EntryFormat<String> WORDS = new CheckpointFile.EntryFormat<>() {
        @Override
        public String toLine(String entry) {
            if (entry.equals("boom")) {
                throw new IllegalStateException("cannot format " + entry);
            }
            return entry;
        }

        @Override
        public String fromLine(String line) {
            if (!line.matches("[a-z]+")) {
                throw new IllegalArgumentException("not a word: " + line);
            }
            return line;
        }
    };

    @TempDir
    Path dir;

    private CheckpointFile<String> checkpoint() {
        return new CheckpointFile<>(dir.resolve("words-checkpoint"), 0, WORDS);
    }

    @Test
    void readsBackWhatWasWritten() {
        checkpoint().write(List.of("alpha", "beta", "gamma"));

        assertThat(checkpoint().read()).containsExactly("alpha", "beta", "gamma");
    }

    @Test
    void writesKafkaTextFormat() throws IOException {
        checkpoint().write(List.of("alpha", "beta"));

        assertThat(Files.readString(dir.resolve("words-checkpoint"))).isEqualTo("0\n2\nalpha\nbeta\n");
    }

    @Test
    void writesAnEmptyList() {
        checkpoint().write(List.of());

        assertThat(checkpoint().read()).isEmpty();
    }

    @Test
    void missingFileReadsAsEmpty() {
        assertThat(checkpoint().read()).isEmpty();
    }

    @Test
    void laterWriteReplacesEarlierContent() {
        checkpoint().write(List.of("alpha", "beta"));
        checkpoint().write(List.of("delta"));

        assertThat(checkpoint().read()).containsExactly("delta");
    }

    @Test
    void malformedEntryIsReportedWithFileAndLine() throws IOException {
        Files.writeString(dir.resolve("words-checkpoint"), "0\n2\nalpha\nBAD LINE\n");

        assertThatThrownBy(() -> checkpoint().read())
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(dir.resolve("words-checkpoint").toString())
                .hasMessageContaining("line 4")
                .satisfies(e -> assertThat(((CorruptCheckpointException) e).lineNumber())
                        .isEqualTo(4));
    }

    @Test
    void unexpectedVersionIsCorrupt() throws IOException {
        Files.writeString(dir.resolve("words-checkpoint"), "7\n0\n");

        assertThatThrownBy(() -> checkpoint().read())
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("version 7");
    }

    @Test
    void nonNumericCountIsCorrupt() throws IOException {
        Files.writeString(dir.resolve("words-checkpoint"), "0\ntwo\nalpha\nbeta\n");

        assertThatThrownBy(() -> checkpoint().read())
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void fewerEntriesThanCountIsCorrupt() throws IOException {
        Files.writeString(dir.resolve("words-checkpoint"), "0\n3\nalpha\nbeta\n");

        assertThatThrownBy(() -> checkpoint().read())
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("expected 3 entries but found 2");
    }

    @Test
    void moreEntriesThanCountIsCorrupt() throws IOException {
        Files.writeString(dir.resolve("words-checkpoint"), "0\n1\nalpha\nbeta\n");

        assertThatThrownBy(() -> checkpoint().read())
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("line 4");
    }

    @Test
    void hugeClaimedCountDoesNotPreallocate() throws IOException {
        Files.writeString(dir.resolve("words-checkpoint"), "0\n2147483647\nalpha\n");

        assertThatThrownBy(() -> checkpoint().read()).isInstanceOf(CorruptCheckpointException.class);
    }

    @Test
    void emptyFileIsCorrupt() throws IOException {
        Files.writeString(dir.resolve("words-checkpoint"), "");

        assertThatThrownBy(() -> checkpoint().read())
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void leftoverTempFileFromACrashIsIgnored() throws IOException {
        checkpoint().write(List.of("alpha"));
        Files.writeString(dir.resolve("words-checkpoint.tmp"), "0\n5\ntorn", StandardCharsets.UTF_8);

        assertThat(checkpoint().read()).containsExactly("alpha");
    }

    @Test
    void writeOverLeftoverTempFileSucceeds() throws IOException {
        Files.writeString(dir.resolve("words-checkpoint.tmp"), "0\n5\ntorn", StandardCharsets.UTF_8);

        checkpoint().write(List.of("beta"));

        assertThat(checkpoint().read()).containsExactly("beta");
        assertThat(dir.resolve("words-checkpoint.tmp")).doesNotExist();
    }

    @Test
    void failedWriteLeavesPreviousContentIntact() {
        checkpoint().write(List.of("alpha", "beta"));

        assertThatThrownBy(() -> checkpoint().write(List.of("gamma", "boom")))
                .isInstanceOf(IllegalStateException.class);

        assertThat(checkpoint().read()).containsExactly("alpha", "beta");
        assertThat(dir.resolve("words-checkpoint.tmp")).doesNotExist();
    }

    @Test
    void ioFailureBecomesKafkaStorageExceptionNamingThePath() {
        Path inMissingDir = dir.resolve("no-such-dir").resolve("words-checkpoint");
        CheckpointFile<String> checkpoint = new CheckpointFile<>(inMissingDir, 0, WORDS);

        assertThatThrownBy(() -> checkpoint.write(List.of("alpha")))
                .isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining(inMissingDir.toString());
    }

    @Test
    void unreadableFileBecomesKafkaStorageException() throws IOException {
        Path directoryInstead = dir.resolve("words-checkpoint");
        Files.createDirectory(directoryInstead);

        assertThatThrownBy(() -> checkpoint().read())
                .isInstanceOf(KafkaStorageException.class)
                .isNotInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(directoryInstead.toString());
    }
}
