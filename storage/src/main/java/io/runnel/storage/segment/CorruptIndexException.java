package io.runnel.storage.segment;

/** An index file whose content cannot be right; the segment's indexes are rebuilt from its log. */
public final class CorruptIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptIndexException(String message) {
        super(message);
    }
}
