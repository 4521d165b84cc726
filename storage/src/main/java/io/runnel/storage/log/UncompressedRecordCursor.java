package io.runnel.storage.log;

import java.nio.ByteBuffer;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;

/**
 * Walks the records of one uncompressed v2 record batch in place, reading the fields validation needs and skipping
 * keys, values and headers, without allocating (kafka-clients' record iterator creates a record and a buffer slice
 * per record for uncompressed batches).
 *
 * <p>The v2 record format, every field after {@code attributes} relative to the batch header:
 *
 * <pre>
 *   length          varint   bytes of the record after this field
 *   attributes      int8     unused
 *   timestampDelta  varlong  record timestamp - batch base timestamp
 *   offsetDelta     varint   record offset - batch base offset
 *   keyLength       varint   -1 for a null key
 *   key             bytes
 *   valueLength     varint   -1 for a null value
 *   value           bytes
 *   headerCount     varint   never negative
 *   headers         headerKeyLength varint (never negative), headerKey bytes,
 *                   headerValueLength varint (-1 for null), headerValue bytes
 * </pre>
 *
 * <p>Every field is checked to lie within its record and every record within the batch, and the fields must fill
 * the record's length exactly: what Kafka's record parser rejects ({@link InvalidRecordException}, INVALID_RECORD)
 * is rejected here too. A batch's CRC does not vouch for this structure, since a client computes it over whatever
 * bytes it sends.
 *
 * <p>Reusable and not thread-safe: one per {@link BatchValidator}.
 */
final class UncompressedRecordCursor {

    private static final int BASE_OFFSET = 0;
    private static final int ATTRIBUTES = 21;
    private static final int BASE_TIMESTAMP = 27;
    private static final int MAX_TIMESTAMP = 35;
    private static final int TIMESTAMP_TYPE_BIT = 0x08;

    private ByteBuffer buffer;
    private int batchStart;
    private int position;
    private int end;
    private long baseOffset;
    private long baseTimestamp;
    /** The batch max timestamp when the batch has LogAppendTime (every record then has it), else -1. */
    private long logAppendTime;

    private long offset;
    private long timestamp;
    private boolean hasKey;

    /**
     * Starts on the batch of {@code size} bytes at absolute index {@code batchStart} of {@code buffer} (read with
     * absolute gets only: the buffer's position is left alone). The batch header must have been checked already.
     */
    void reset(ByteBuffer buffer, int batchStart, int size) {
        this.buffer = buffer;
        this.batchStart = batchStart;
        this.position = batchStart + DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        this.end = batchStart + size;
        this.baseOffset = buffer.getLong(batchStart + BASE_OFFSET);
        this.baseTimestamp = buffer.getLong(batchStart + BASE_TIMESTAMP);
        this.logAppendTime = (buffer.getShort(batchStart + ATTRIBUTES) & TIMESTAMP_TYPE_BIT) != 0
                ? buffer.getLong(batchStart + MAX_TIMESTAMP)
                : -1L;
    }

    /** Whether bytes of the batch remain, i.e. another record should follow. */
    boolean hasNext() {
        return position < end;
    }

    /**
     * Reads the next record's fields and moves past it.
     *
     * @throws InvalidRecordException when the record does not fit the batch or its fields do not fill its length
     */
    void next() {
        int length = readVarint(end);
        if (length < 0 || length > end - position) {
            throw new InvalidRecordException("Invalid record size " + length + " at byte " + (position - batchStart)
                    + " of the batch: only " + (end - position) + " bytes of the batch remain");
        }
        int recordEnd = position + length;
        skip(1, recordEnd); // attributes
        long timestampDelta = readVarlong(recordEnd);
        int offsetDelta = readVarint(recordEnd);
        int keyLength = readVarint(recordEnd);
        skip(Math.max(keyLength, 0), recordEnd);
        int valueLength = readVarint(recordEnd);
        skip(Math.max(valueLength, 0), recordEnd);
        int headerCount = readVarint(recordEnd);
        if (headerCount < 0) {
            throw new InvalidRecordException("Found invalid number of record headers " + headerCount);
        }
        for (int i = 0; i < headerCount; i++) {
            int headerKeyLength = readVarint(recordEnd);
            if (headerKeyLength < 0) {
                throw new InvalidRecordException("Invalid negative header key size " + headerKeyLength);
            }
            skip(headerKeyLength, recordEnd);
            skip(Math.max(readVarint(recordEnd), 0), recordEnd);
        }
        if (position != recordEnd) {
            throw new InvalidRecordException("Invalid record size: expected to read " + length
                    + " bytes in record payload, but the fields end " + (recordEnd - position) + " bytes earlier");
        }
        this.offset = baseOffset + offsetDelta;
        this.timestamp = logAppendTime >= 0 ? logAppendTime : baseTimestamp + timestampDelta;
        this.hasKey = keyLength >= 0;
    }

    /** The absolute offset of the record last read. */
    long offset() {
        return offset;
    }

    /** The timestamp of the record last read (the batch max timestamp for a LogAppendTime batch). */
    long timestamp() {
        return timestamp;
    }

    /** Whether the record last read has a key (possibly empty), as opposed to a null one. */
    boolean hasKey() {
        return hasKey;
    }

    private void skip(int bytes, int limit) {
        if (bytes > limit - position) {
            throw new InvalidRecordException("Record field of " + bytes + " bytes at byte " + (position - batchStart)
                    + " of the batch runs past its record");
        }
        position += bytes;
    }

    /** A zig-zag varint of at most 5 bytes, all before {@code limit}. */
    private int readVarint(int limit) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (position >= limit) {
                throw truncatedVarint();
            }
            byte b = buffer.get(position++);
            raw |= (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new InvalidRecordException("Found invalid record structure: varint longer than 5 bytes");
    }

    /** A zig-zag varlong of at most 10 bytes, all before {@code limit}. */
    private long readVarlong(int limit) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (position >= limit) {
                throw truncatedVarint();
            }
            byte b = buffer.get(position++);
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new InvalidRecordException("Found invalid record structure: varlong longer than 10 bytes");
    }

    private InvalidRecordException truncatedVarint() {
        return new InvalidRecordException("Found invalid record structure: a varint runs past its record at byte "
                + (position - batchStart) + " of the batch");
    }
}
