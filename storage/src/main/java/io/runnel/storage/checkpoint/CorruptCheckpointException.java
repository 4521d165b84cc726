package io.runnel.storage.checkpoint;

import java.nio.file.Path;

import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * A checkpoint file whose content does not parse. A {@link KafkaStorageException} so that, at the request boundary,
 * the partition answers KAFKA_STORAGE_ERROR like for any other unreadable log file.
 */
public final class CorruptCheckpointException extends KafkaStorageException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int lineNumber;

    public CorruptCheckpointException(Path file, int lineNumber, String problem, Throwable cause) {
        super("Corrupt checkpoint file " + file + " at line " + lineNumber + ": " + problem, cause);
        this.file = file;
        this.lineNumber = lineNumber;
    }

    public CorruptCheckpointException(Path file, int lineNumber, String problem) {
        this(file, lineNumber, problem, null);
    }

    public Path file() {
        return file;
    }

    /** The 1-based line at fault (the line after the last one when lines are missing). */
    public int lineNumber() {
        return lineNumber;
    }
}
