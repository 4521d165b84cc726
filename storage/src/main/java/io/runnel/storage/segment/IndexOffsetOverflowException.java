package io.runnel.storage.segment;

/** An offset too far from a segment's base offset to be stored in its 4-byte relative form. */
public final class IndexOffsetOverflowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public IndexOffsetOverflowException(String message) {
        super(message);
    }
}
