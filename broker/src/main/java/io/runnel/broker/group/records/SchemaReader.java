package io.runnel.broker.group.records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads fields written by {@link SchemaWriter}. Every length is checked against the bytes left, so a corrupt record
 * fails with {@link CorruptCoordinatorRecordException} instead of allocating an absurd buffer.
 */
final class SchemaReader {

    private final ByteBuffer buf;
    private final boolean flexible;

    SchemaReader(ByteBuffer buf, boolean flexible) {
        this.buf = buf;
        this.flexible = flexible;
    }

    byte int8() {
        need(1);
        return buf.get();
    }

    org.apache.kafka.common.Uuid uuid() {
        return new org.apache.kafka.common.Uuid(int64(), int64());
    }

    short int16() {
        need(2);
        return buf.getShort();
    }

    int int32() {
        need(4);
        return buf.getInt();
    }

    long int64() {
        need(8);
        return buf.getLong();
    }

    String string(String field) {
        String s = nullableString(field);
        if (s == null) {
            throw new CorruptCoordinatorRecordException("null in non-nullable string field " + field);
        }
        return s;
    }

    String nullableString(String field) {
        int length = flexible ? uvarint() - 1 : int16();
        if (length < 0) {
            if (length != -1) {
                throw new CorruptCoordinatorRecordException("negative length " + length + " of field " + field);
            }
            return null;
        }
        need(length);
        byte[] utf8 = new byte[length];
        buf.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    byte[] bytes(String field) {
        int length = flexible ? uvarint() - 1 : int32();
        if (length < 0) {
            throw new CorruptCoordinatorRecordException("negative length " + length + " of field " + field);
        }
        need(length);
        byte[] b = new byte[length];
        buf.get(b);
        return b;
    }

    int arrayLength(String field) {
        int n = flexible ? uvarint() - 1 : int32();
        // Each element takes at least one byte, so a count above the bytes left is corrupt, not a big array.
        if (n < 0 || n > buf.remaining()) {
            throw new CorruptCoordinatorRecordException("invalid array length " + n + " of field " + field);
        }
        return n;
    }

    /** Skips the tagged fields of a flexible struct; this broker knows none of them. */
    void skipTaggedFields() {
        if (!flexible) {
            return;
        }
        int count = uvarint();
        for (int i = 0; i < count; i++) {
            uvarint(); // tag
            int size = uvarint();
            need(size);
            buf.position(buf.position() + size);
        }
    }

    private int uvarint() {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            need(1);
            byte b = buf.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CorruptCoordinatorRecordException("unsigned varint longer than 5 bytes at " + buf.position());
    }

    private void need(int n) {
        if (n < 0 || buf.remaining() < n) {
            throw new CorruptCoordinatorRecordException("record truncated: needs " + n + " more bytes at position "
                    + buf.position() + ", has " + buf.remaining());
        }
    }
}
