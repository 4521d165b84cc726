package io.runnel.storage.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Builds record batches the way a producer does, and reads them back for comparison. */
public final class Batches {

    private Batches() {}

    /** A batch of {@code count} records "value-i" with timestamp {@code timestamp}, as a producer sends it. */
    public static MemoryRecords of(int count, long timestamp) {
        return of(Compression.NONE, count, timestamp);
    }

    public static MemoryRecords of(Compression compression, int count, long timestamp) {
        var records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(
                    timestamp,
                    ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(compression, records);
    }

    /**
     * A batch of {@code count} records already at {@code baseOffset} (as a leader would have written it); record
     * {@code i} has timestamp {@code timestamp + i}.
     */
    public static MemoryRecords atOffset(long baseOffset, long timestamp, int count) {
        var records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(
                    timestamp + i, null, ("value-" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(baseOffset, Compression.NONE, records);
    }

    /** An idempotent producer's batch. */
    public static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, int count, long timestamp) {
        var records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] =
                    new SimpleRecord(timestamp, null, ("seq-" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, records);
    }

    /** A batch with headers, null keys and null values mixed, built with the producer's builder. */
    public static MemoryRecords mixed(Compression compression, long timestamp, int count) {
        var buffer = ByteBuffer.allocate(1024 + count * 256);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, compression, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < count; i++) {
            byte[] key = i % 3 == 0 ? null : ("k" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 4 == 1 ? null : ("v" + i + "-".repeat(i % 17)).getBytes(StandardCharsets.UTF_8);
            Header[] headers = i % 2 == 0
                    ? new Header[] {new RecordHeader("h" + i, ("hv" + i).getBytes(StandardCharsets.UTF_8))}
                    : Record.EMPTY_HEADERS;
            builder.append(timestamp + i, key, value, headers);
        }
        return builder.build();
    }

    /** Every record's (key, value, headers, timestamp) of some records, for content comparison. */
    public static List<RecordContent> contents(Records records) {
        var result = new ArrayList<RecordContent>();
        for (RecordBatch batch : records.batches()) {
            for (Record record : batch) {
                result.add(RecordContent.of(record));
            }
        }
        return result;
    }

    /** The offsets of every record of some records. */
    public static List<Long> offsets(Records records) {
        var result = new ArrayList<Long>();
        for (RecordBatch batch : records.batches()) {
            for (Record record : batch) {
                result.add(record.offset());
            }
        }
        return result;
    }

    /** A copy of some records' bytes. */
    public static byte[] bytes(MemoryRecords records) {
        var buffer = records.buffer().duplicate();
        var bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A record's content, comparable by value. */
    public record RecordContent(String key, String value, List<String> headers, long timestamp) {
        static RecordContent of(Record record) {
            var headers = new ArrayList<String>();
            for (Header header : record.headers()) {
                headers.add(header.key() + "="
                        + (header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
            }
            return new RecordContent(string(record.key()), string(record.value()), headers, record.timestamp());
        }

        private static String string(ByteBuffer buffer) {
            if (buffer == null) {
                return null;
            }
            var bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
