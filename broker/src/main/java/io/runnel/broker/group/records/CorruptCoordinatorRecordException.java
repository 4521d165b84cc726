package io.runnel.broker.group.records;

/** A record in {@code __consumer_offsets} that does not parse with the schema its version names. */
public class CorruptCoordinatorRecordException extends RuntimeException {

    public CorruptCoordinatorRecordException(String message) {
        super(message);
    }
}
