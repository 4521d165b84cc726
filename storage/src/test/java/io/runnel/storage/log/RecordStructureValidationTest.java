package io.runnel.storage.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.runnel.storage.LogConfig;
import io.runnel.storage.RecordError;
import io.runnel.storage.RecordsRejectedException;
import io.runnel.storage.testing.ManualClock;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.apache.kafka.common.utils.internals.Crc32C;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The record-level structure of uncompressed batches, as {@link BatchValidator} checks it: every well-formed batch a
 * producer can build passes, and a batch whose records do not add up (lengths, offset deltas, count) is rejected
 * even when its CRC is right, i.e. when only the structure is wrong.
 */
class RecordStructureValidationTest {

    private static final TopicPartition TP = new TopicPartition("topic", 0);
    private static final long NOW = 1_700_000_000_000L;
    /** Byte position of the first record in a batch: the v2 batch header is 61 bytes. */
    private static final int RECORDS_OFFSET = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;

    private final ManualClock time = new ManualClock(NOW);
    private final BatchValidator validator = new BatchValidator(TP, time);

    private ValidatedRecords validate(MemoryRecords records) {
        return validate(records, LogConfig.defaults());
    }

    private ValidatedRecords validate(MemoryRecords records, LogConfig config) {
        return validator.validateAndAssignOffsets(records, 100, 7, config);
    }

    @Test
    void acceptsRecordsWithHeadersNullKeysAndNullValues() {
        var records = build(builder -> {
            builder.append(NOW, (byte[]) null, null);
            builder.append(NOW, bytes("k"), (byte[]) null);
            builder.append(NOW, null, bytes("v"));
            builder.append(NOW, bytes("k"), bytes("v"), headers("h1", "x", "h2", null));
            builder.append(NOW, bytes(""), bytes(""), headers("", ""));
        });

        var validated = validate(records);

        assertThat(validated.recordCount()).isEqualTo(5);
        assertThat(validated.firstOffset()).isEqualTo(100);
        assertThat(validated.lastOffset()).isEqualTo(104);
    }

    @Test
    void acceptsRecordsWhoseLengthsNeedMultiByteVarints() {
        int[] sizes = {0, 1, 62, 63, 64, 65, 127, 128, 8191, 8192, 70_000, 300_000};
        var records = build(builder -> {
            for (int size : sizes) {
                builder.append(NOW, bytes("key"), new byte[size], headers("h", "v".repeat(size % 200)));
            }
        });

        var validated = validate(records);

        assertThat(validated.recordCount()).isEqualTo(sizes.length);
    }

    @Test
    void acceptsThousandsOfRecordsWithVaryingTimestamps() {
        // Offset deltas above 63 take two varint bytes, above 8191 three; timestamp deltas go negative and large.
        int count = 10_000;
        var records = build(builder -> {
            for (int i = 0; i < count; i++) {
                long timestamp = NOW - 3_600_000L + (i * 7919L % 7_200_000L);
                builder.append(timestamp, i % 3 == 0 ? null : bytes("k" + i), bytes("v" + i));
            }
        });
        long expectedMax = NOW - 3_600_000L;
        for (int i = 0; i < count; i++) {
            expectedMax = Math.max(expectedMax, NOW - 3_600_000L + (i * 7919L % 7_200_000L));
        }

        var validated = validate(records);

        assertThat(validated.recordCount()).isEqualTo(count);
        assertThat(validated.maxTimestamp()).isEqualTo(expectedMax);
        assertThat(validated.records().batches().iterator().next().maxTimestamp())
                .isEqualTo(expectedMax);
    }

    @Test
    void acceptsSeveralBatchesInOneAppend() {
        var first = build(builder -> builder.append(NOW, bytes("a"), bytes("1")));
        var second = build(builder -> {
            builder.append(NOW + 1, null, bytes("2"));
            builder.append(NOW + 2, null, bytes("3"));
        });
        var both = ByteBuffer.allocate(first.sizeInBytes() + second.sizeInBytes());
        both.put(first.buffer()).put(second.buffer()).flip();

        var validated = validate(MemoryRecords.readableRecords(both));

        assertThat(validated.recordCount()).isEqualTo(3);
        assertThat(validated.batchCount()).isEqualTo(2);
        assertThat(validated.maxTimestamp()).isEqualTo(NOW + 2);
        assertThat(validated.offsetOfMaxTimestamp()).isEqualTo(102);
    }

    @Test
    void rejectsRecordLengthReachingBeyondTheBatch() {
        var records = threeRecords();
        var positions = recordPositions(records);
        // The last record claims one byte more than the batch has left.
        setSingleByteVarint(records, positions.get(2), readVarint(records, positions.get(2)) + 1);
        fixCrc(records);

        assertInvalidRecord(records);
    }

    @Test
    void rejectsRecordLengthShorterThanItsFields() {
        var records = threeRecords();
        var positions = recordPositions(records);
        setSingleByteVarint(records, positions.get(0), readVarint(records, positions.get(0)) - 1);
        fixCrc(records);

        assertInvalidRecord(records);
    }

    @Test
    void rejectsBatchDeclaringFewerRecordsThanItHolds() {
        var records = threeRecords();
        // Count and last offset delta agree (2 records) but three are there.
        records.buffer().putInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET, 2);
        records.buffer().putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, 1);
        fixCrc(records);

        assertInvalidRecord(records);
    }

    @Test
    void rejectsBatchDeclaringMoreRecordsThanItHolds() {
        var records = threeRecords();
        records.buffer().putInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET, 4);
        records.buffer().putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, 3);
        fixCrc(records);

        assertInvalidRecord(records);
    }

    @Test
    void rejectsNonConsecutiveOffsetDeltaWithTheRecordAtFault() {
        var records = threeRecords();
        var positions = recordPositions(records);
        // Record layout: length varint (1 byte here), attributes int8, timestamp delta varlong (0: 1 byte),
        // offset delta varint. Record 1's delta becomes 2: records 0, 2, 2.
        setSingleByteVarint(records, positions.get(1) + 3, 2);
        fixCrc(records);

        var thrown = catchThrowableOfType(RecordsRejectedException.class, () -> validate(records));

        assertThat(Errors.forException(thrown.batchError())).isEqualTo(Errors.INVALID_RECORD);
        assertThat(thrown.recordErrors()).extracting(RecordError::batchIndex).containsExactly(1);
        assertThat(thrown.recordErrors().get(0).message()).contains("offset delta 2");
    }

    @Test
    void rejectsNegativeHeaderCount() {
        var records = build(builder -> builder.append(NOW, bytes("k"), bytes("v")));
        // The header count varint is the record's (and the batch's) last byte: 0 headers becomes -1.
        setSingleByteVarint(records, records.sizeInBytes() - 1, -1);
        fixCrc(records);

        assertInvalidRecord(records);
    }

    @Test
    void rejectsKeyLengthReachingBeyondTheRecord() {
        var records = build(builder -> builder.append(NOW, bytes("k"), bytes("v")));
        // Length, attributes, timestamp delta, offset delta, then the key length (1 byte each here).
        setSingleByteVarint(records, RECORDS_OFFSET + 4, 50);
        fixCrc(records);

        assertInvalidRecord(records);
    }

    @Test
    void rejectsVarintRunningPastTheBatch() {
        var records = build(builder -> builder.append(NOW, bytes("k"), bytes("v")));
        // A continuation bit on the last byte: the header count varint would go on past the end.
        records.buffer().put(records.sizeInBytes() - 1, (byte) 0x80);
        fixCrc(records);

        assertInvalidRecord(records);
    }

    @Test
    void reportsEveryRecordAtFaultOnCompactedTopics() {
        var records = build(builder -> {
            builder.append(NOW, bytes("k"), bytes("v"));
            builder.append(NOW, null, bytes("v"));
            builder.append(NOW, bytes("k"), bytes("v"));
            builder.append(NOW, (byte[]) null, null);
        });
        var config = LogConfig.of(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));

        var thrown = catchThrowableOfType(RecordsRejectedException.class, () -> validate(records, config));

        assertThat(Errors.forException(thrown.batchError())).isEqualTo(Errors.INVALID_RECORD);
        assertThat(thrown.recordErrors()).extracting(RecordError::batchIndex).containsExactly(1, 3);
    }

    @Test
    void reportsEveryRecordWithTimestampOutOfBounds() {
        long hour = 3_600_000L;
        var records = build(builder -> {
            builder.append(NOW - 2 * hour, null, bytes("old"));
            builder.append(NOW, null, bytes("ok"));
            builder.append(NOW + 2 * hour, null, bytes("future"));
        });
        var config = LogConfig.of(Map.of(
                TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, hour,
                TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, hour));

        var thrown = catchThrowableOfType(RecordsRejectedException.class, () -> validate(records, config));

        assertThat(Errors.forException(thrown.batchError())).isEqualTo(Errors.INVALID_TIMESTAMP);
        assertThat(thrown.recordErrors()).extracting(RecordError::batchIndex).containsExactly(0, 2);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void assertInvalidRecord(MemoryRecords records) {
        var thrown = catchThrowableOfType(ApiException.class, () -> validate(records));

        assertThat(thrown).as("rejection").isNotNull();
        assertThat(Errors.forException(thrown)).isEqualTo(Errors.INVALID_RECORD);
    }

    private interface Appender {
        void appendTo(org.apache.kafka.common.record.internal.MemoryRecordsBuilder builder);
    }

    private static MemoryRecords build(Appender appender) {
        var builder = MemoryRecords.builder(ByteBuffer.allocate(1024), Compression.NONE, TimestampType.CREATE_TIME, 0L);
        appender.appendTo(builder);
        return builder.build();
    }

    private static MemoryRecords threeRecords() {
        return build(builder -> {
            builder.append(NOW, bytes("k0"), bytes("v0"));
            builder.append(NOW, bytes("k1"), bytes("v1"));
            builder.append(NOW, bytes("k2"), bytes("v2"));
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Header[] headers(String... keysAndValues) {
        var headers = new Header[keysAndValues.length / 2];
        for (int i = 0; i < headers.length; i++) {
            String value = keysAndValues[2 * i + 1];
            headers[i] = new RecordHeader(keysAndValues[2 * i], value == null ? null : bytes(value));
        }
        return headers;
    }

    /** Start positions of the records of the (single) batch, found from their length varints. */
    private static List<Integer> recordPositions(MemoryRecords records) {
        var positions = new ArrayList<Integer>();
        var buffer = records.buffer();
        int position = RECORDS_OFFSET;
        while (position < buffer.limit()) {
            positions.add(position);
            int length = readVarint(records, position);
            position += ByteUtils.sizeOfVarint(length) + length;
        }
        return positions;
    }

    private static int readVarint(MemoryRecords records, int position) {
        return ByteUtils.readVarint(records.buffer().position(position));
    }

    /** Overwrites a one-byte varint (zigzag value in [-64, 63]) with another one-byte value. */
    private static void setSingleByteVarint(MemoryRecords records, int position, int value) {
        assertThat(records.buffer().get(position) & 0x80)
                .as("one-byte varint at " + position)
                .isZero();
        assertThat(value).isBetween(-64, 63);
        records.buffer().put(position, (byte) ((value << 1) ^ (value >> 31)));
    }

    /** Recomputes the batch CRC (CRC-32C from the attributes to the end) so only the structure is wrong. */
    private static void fixCrc(MemoryRecords records) {
        var buffer = records.buffer();
        int from = DefaultRecordBatch.CRC_OFFSET + 4;
        long crc = Crc32C.compute(buffer, from, buffer.limit() - from);
        buffer.putInt(DefaultRecordBatch.CRC_OFFSET, (int) crc);
        assertThat(records.batches().iterator().next().isValid()).isTrue();
        assertThat(records.batches().iterator().next().magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
    }
}
