package io.runnel.storage.checkpoint;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * A small text file of entries, in Kafka's checkpoint format, replaced atomically on every write.
 *
 * <p>Format (UTF-8, lines ended by {@code \n}):
 *
 * <pre>
 * line 1      the format version, a decimal int (e.g. {@code 0})
 * line 2      the number of entries N, a decimal int
 * lines 3..   N lines, one entry each, as {@link EntryFormat#toLine} writes it
 * </pre>
 *
 * A read rejects a wrong version, a count that does not match the entry lines, and any line the entry format cannot
 * parse, with a {@link CorruptCheckpointException} naming the file and line; blank lines after the last entry are
 * tolerated. A write goes through {@code <name>.tmp} (see {@link AtomicFileWriter}), so a crash leaves either the
 * old or the new content and a leftover temp file is never read.
 *
 * <p>Thread-safety: writes are serialised on this instance; a read concurrent with a write sees the old or the new
 * file, as the rename is atomic.
 */
public final class CheckpointFile<T> {

    /** How one entry is written on, and parsed back from, one line. */
    public interface EntryFormat<T> {
        /** The entry as a single line without line terminator. */
        String toLine(T entry);

        /**
         * Parses one line.
         *
         * @throws RuntimeException (any) when the line is malformed
         */
        T fromLine(String line);
    }

    private final Path file;
    private final int version;
    private final EntryFormat<T> format;
    private final Object writeLock = new Object();

    public CheckpointFile(Path file, int version, EntryFormat<T> format) {
        this.file = Objects.requireNonNull(file, "file");
        this.version = version;
        this.format = Objects.requireNonNull(format, "format");
    }

    public Path file() {
        return file;
    }

    /**
     * Replaces the file's content with {@code entries}. If formatting an entry or any I/O fails, the previous
     * content stays in place.
     *
     * @throws KafkaStorageException naming the file, when it cannot be written
     */
    public void write(Collection<T> entries) {
        synchronized (writeLock) {
            try {
                AtomicFileWriter.write(file, out -> {
                    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    writer.write(Integer.toString(version));
                    writer.write('\n');
                    writer.write(Integer.toString(entries.size()));
                    writer.write('\n');
                    for (T entry : entries) {
                        writer.write(format.toLine(entry));
                        writer.write('\n');
                    }
                    writer.flush();
                });
            } catch (IOException e) {
                throw new KafkaStorageException("Error while writing checkpoint file " + file + ": " + e, e);
            }
        }
    }

    /**
     * The entries in the file; an empty list when the file does not exist.
     *
     * @throws CorruptCheckpointException naming the file and line, when the content does not parse
     * @throws KafkaStorageException naming the file, when it cannot be read
     */
    public List<T> read() {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int fileVersion = parseInt(reader.readLine(), 1, "version");
            if (fileVersion != version) {
                throw new CorruptCheckpointException(
                        file, 1, "unsupported version " + fileVersion + ", expected " + version);
            }
            int expected = parseInt(reader.readLine(), 2, "entry count");
            if (expected < 0) {
                throw new CorruptCheckpointException(file, 2, "negative entry count " + expected);
            }
            // The count is untrusted input: grow with the lines actually present, not with the claim.
            List<T> entries = new ArrayList<>(Math.min(expected, 1024));
            int lineNumber = 2;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (entries.size() == expected) {
                    if (line.isBlank()) {
                        continue;
                    }
                    throw new CorruptCheckpointException(
                            file, lineNumber, "more entries than the count of " + expected);
                }
                entries.add(parseEntry(line, lineNumber));
            }
            if (entries.size() != expected) {
                throw new CorruptCheckpointException(
                        file, lineNumber + 1, "expected " + expected + " entries but found " + entries.size());
            }
            return entries;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new KafkaStorageException("Error while reading checkpoint file " + file + ": " + e, e);
        }
    }

    private T parseEntry(String line, int lineNumber) {
        try {
            T entry = format.fromLine(line);
            if (entry == null) {
                throw new IllegalArgumentException("no entry");
            }
            return entry;
        } catch (RuntimeException e) {
            throw new CorruptCheckpointException(file, lineNumber, "malformed entry '" + line + "'", e);
        }
    }

    private int parseInt(String line, int lineNumber, String what) {
        if (line == null) {
            throw new CorruptCheckpointException(file, lineNumber, "missing " + what);
        }
        try {
            return Integer.parseInt(line.trim());
        } catch (NumberFormatException e) {
            throw new CorruptCheckpointException(file, lineNumber, "malformed " + what + " '" + line + "'", e);
        }
    }

    @Override
    public String toString() {
        return "CheckpointFile(" + file + ", version " + version + ")";
    }
}
