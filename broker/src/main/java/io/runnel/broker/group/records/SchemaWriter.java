package io.runnel.broker.group.records;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes fields in Kafka's message-schema encoding: fixed-width big-endian integers, and strings, bytes and arrays
 * length-prefixed either classically (int16/int32 length, -1 for null) or compactly in flexible versions (unsigned
 * varint of length + 1, 0 for null).
 */
final class SchemaWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final boolean flexible;

    SchemaWriter(boolean flexible) {
        this.flexible = flexible;
    }

    SchemaWriter int16(int v) {
        try {
            out.writeShort(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    SchemaWriter int32(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    SchemaWriter int64(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    SchemaWriter int8(byte v) {
        bytes.write(v);
        return this;
    }

    SchemaWriter uuid(org.apache.kafka.common.Uuid id) {
        return int64(id.getMostSignificantBits()).int64(id.getLeastSignificantBits());
    }

    SchemaWriter string(String s) {
        if (s == null) {
            throw new IllegalArgumentException("null for a non-nullable string field");
        }
        return nullableString(s);
    }

    SchemaWriter nullableString(String s) {
        if (s == null) {
            return flexible ? uvarint(0) : int16(-1);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (!flexible && utf8.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + utf8.length + " bytes exceeds the int16 length prefix");
        }
        if (flexible) {
            uvarint(utf8.length + 1);
        } else {
            int16(utf8.length);
        }
        return raw(utf8);
    }

    SchemaWriter bytes(byte[] b) {
        byte[] value = b == null ? new byte[0] : b;
        if (flexible) {
            uvarint(value.length + 1);
        } else {
            int32(value.length);
        }
        return raw(value);
    }

    SchemaWriter arrayLength(int n) {
        return flexible ? uvarint(n + 1) : int32(n);
    }

    /** The empty tagged-field section that ends every struct of a flexible version. */
    SchemaWriter noTaggedFields() {
        return flexible ? uvarint(0) : this;
    }

    private SchemaWriter uvarint(int v) {
        int value = v;
        while ((value & ~0x7f) != 0) {
            bytes.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        bytes.write(value);
        return this;
    }

    private SchemaWriter raw(byte[] b) {
        bytes.writeBytes(b);
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
