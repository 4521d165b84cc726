package io.runnel.storage.segment;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Kafka's file naming: every file of a segment is named by the segment's base offset, 20 decimal digits
 * zero-padded, so that a directory listing sorts segments in log order; the suffix says what the file holds.
 */
public final class SegmentFileNames {

    public static final String LOG_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".index";
    public static final String TIME_INDEX_SUFFIX = ".timeindex";
    public static final String TXN_INDEX_SUFFIX = ".txnindex";
    /** A producer-state snapshot, named by the offset it was taken at. */
    public static final String SNAPSHOT_SUFFIX = ".snapshot";
    /** A segment file scheduled for asynchronous deletion. */
    public static final String DELETED_SUFFIX = ".deleted";
    /** Files written by log compaction before their swap in. */
    public static final String CLEANED_SUFFIX = ".cleaned";
    /** Files being swapped in to replace segments. */
    public static final String SWAP_SUFFIX = ".swap";
    /** A file still being written. */
    public static final String TMP_SUFFIX = ".tmp";

    private SegmentFileNames() {}

    public static String filenamePrefix(long offset) {
        return String.format("%020d", offset);
    }

    public static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + LOG_SUFFIX);
    }

    public static Path offsetIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + INDEX_SUFFIX);
    }

    public static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    public static Path txnIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + TXN_INDEX_SUFFIX);
    }

    /** The offset a file name starts with, if it is a 20-digit offset followed by a suffix. */
    public static OptionalLong offsetOf(String fileName) {
        int dot = fileName.indexOf('.');
        if (dot != 20) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < dot; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(fileName.substring(0, dot)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code file} with {@code suffix} appended to its name. */
    public static Path withSuffix(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** {@code file} with a trailing {@code suffix} removed from its name. */
    public static Path withoutSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix)) {
            throw new IllegalArgumentException(file + " does not end with " + suffix);
        }
        return file.resolveSibling(name.substring(0, name.length() - suffix.length()));
    }
}
