package io.runnel.storage.producer;

import java.nio.file.Path;

import org.apache.kafka.common.KafkaException;

/** A producer-state snapshot file that fails its checks (size, version, CRC); the table then uses an older one. */
public final class CorruptSnapshotException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public CorruptSnapshotException(Path file, String problem) {
        super("Corrupt producer state snapshot " + file + ": " + problem);
    }
}
