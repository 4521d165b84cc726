package io.runnel.tools.dumplog;

/**
 * A disagreement between an index file and its .log, reported after the dump in Kafka's wording.
 *
 * @param file the index file
 * @param kind what disagrees
 * @param indexed the index's value (offset or timestamp)
 * @param found what the log holds there (-1 if nothing)
 */
public record IndexProblem(String file, Kind kind, long indexed, long found) {

    public enum Kind {
        /** An offset index entry whose position does not start the batch ending at its offset. */
        OFFSET_MISMATCH,
        /** A time index entry whose offset does not end a batch in the log. */
        OFFSET_NOT_FOUND,
        /** A time index entry whose timestamp is not the max timestamp of its batch. */
        TIMESTAMP_MISMATCH,
        /** A time index entry whose timestamp is not above the previous entry's. */
        TIMESTAMP_OUT_OF_ORDER
    }
}
