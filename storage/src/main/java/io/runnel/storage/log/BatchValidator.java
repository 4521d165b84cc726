package io.runnel.storage.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.runnel.storage.LogConfig;
import io.runnel.storage.RecordError;
import io.runnel.storage.RecordsRejectedException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;

/**
 * Checks client batches the way Kafka 4.x's broker does, then assigns offsets.
 *
 * <p>Per batch: magic 2 only (older formats are INVALID_RECORD since Kafka 4.0 dropped them), size within
 * {@code max.message.bytes} (MESSAGE_TOO_LARGE), CRC32C (CORRUPT_MESSAGE), base offset 0 and a record count that
 * matches the last offset delta, no control batches, a sequence for every producer id (INVALID_RECORD). Per record:
 * consecutive offset deltas, a key on compacted topics (INVALID_RECORD) and, for CreateTime topics, a timestamp
 * within {@code message.timestamp.before.max.ms}/{@code after.max.ms} of now (INVALID_TIMESTAMP); record faults are
 * reported together as {@link RecordsRejectedException} with Produce's per-record errors.
 *
 * <p>Everything is checked before anything is changed, so a rejected append leaves the caller's buffer and the
 * log untouched. Offsets, the partition leader epoch and (for LogAppendTime, or a max timestamp the producer got
 * wrong) the max timestamp are then written into the batch headers in place: a batch whose codec is kept is never
 * re-encoded. Only when the topic's {@code compression.type} differs from the producer's codec are the records
 * re-encoded, like Kafka's LogValidator.
 *
 * <p>Not thread-safe: one per log, used under the log's append lock (it reuses a decompression buffer).
 */
public final class BatchValidator {

    private final TopicPartition topicPartition;
    private final Time time;
    private final BufferSupplier bufferSupplier = BufferSupplier.create();
    /** Record max timestamps computed by validation, one per batch (reused to avoid a second record pass). */
    private final LongList maxTimestamps = new LongList();

    public BatchValidator(TopicPartition topicPartition, Time time) {
        this.topicPartition = topicPartition;
        this.time = time;
    }

    /**
     * Validates a leader append and assigns offsets from {@code firstOffset}.
     *
     * @throws ApiException (a {@link RecordsRejectedException} for per-record faults) when any batch is invalid
     */
    public ValidatedRecords validateAndAssignOffsets(
            MemoryRecords records, long firstOffset, int leaderEpoch, LogConfig config) {
        long now = time.milliseconds();
        var batches = new ArrayList<MutableRecordBatch>();
        var targetTypes = new ArrayList<CompressionType>();
        boolean reencode = false;
        try {
            int validBytes = 0;
            for (var batch : records.batches()) {
                int index = batches.size();
                validateBatchHeader(batch, index, config);
                long maxTimestamp = validateRecords(batch, index, now, config);
                var target = targetCompressionType(config, batch.compressionType());
                reencode |= target != batch.compressionType();
                batches.add(batch);
                targetTypes.add(target);
                maxTimestamps.add(maxTimestamp);
                validBytes += batch.sizeInBytes();
            }
            if (validBytes != records.sizeInBytes()) {
                throw new CorruptRecordException("Append to " + topicPartition + " ends with "
                        + (records.sizeInBytes() - validBytes) + " bytes that are not a whole record batch");
            }
        } catch (ApiException e) {
            maxTimestamps.clear();
            throw e;
        } catch (KafkaException e) {
            maxTimestamps.clear();
            throw new CorruptRecordException(
                    "Append to " + topicPartition + " has malformed record batches: " + e.getMessage(), e);
        }
        try {
            return reencode
                    ? reencode(batches, targetTypes, firstOffset, leaderEpoch, now, config)
                    : assignInPlace(records, batches, firstOffset, leaderEpoch, now, config);
        } finally {
            maxTimestamps.clear();
        }
    }

    /**
     * Validates batches replicated from the leader, which keep their offsets: magic 2, CRC, offsets increasing and
     * starting at or after {@code logEndOffset} (a gap is allowed: the leader's log may be compacted). Record
     * contents are the leader's business and not checked again.
     *
     * @throws CorruptRecordException for a batch that fails its CRC or is truncated
     * @throws InvalidRecordException for a wrong magic or offsets that do not follow the log end
     */
    public ValidatedRecords validateReplicated(MemoryRecords records, long logEndOffset) {
        long expectedAtLeast = logEndOffset;
        long firstOffset = -1;
        long lastOffset = logEndOffset - 1;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = logEndOffset;
        int recordCount = 0;
        int batchCount = 0;
        int validBytes = 0;
        try {
            for (var batch : records.batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                    throw new InvalidRecordException("Replicated batch at offset " + batch.baseOffset() + " of "
                            + topicPartition + " has magic " + batch.magic() + "; only magic 2 is supported");
                }
                batch.ensureValid();
                if (batch.baseOffset() < expectedAtLeast || batch.lastOffset() < batch.baseOffset()) {
                    throw new InvalidRecordException("Replicated batch [" + batch.baseOffset() + ", "
                            + batch.lastOffset() + "] of " + topicPartition + " does not follow offset "
                            + (expectedAtLeast - 1));
                }
                if (firstOffset < 0) {
                    firstOffset = batch.baseOffset();
                }
                if (batch.maxTimestamp() > maxTimestamp) {
                    maxTimestamp = batch.maxTimestamp();
                    offsetOfMaxTimestamp = batch.lastOffset();
                }
                lastOffset = batch.lastOffset();
                expectedAtLeast = batch.nextOffset();
                Integer count = batch.countOrNull();
                recordCount += count == null ? (int) (batch.lastOffset() - batch.baseOffset() + 1) : count;
                batchCount++;
                validBytes += batch.sizeInBytes();
            }
        } catch (ApiException e) {
            throw e;
        } catch (KafkaException e) {
            throw new CorruptRecordException(
                    "Replicated append to " + topicPartition + " has malformed record batches: " + e.getMessage(), e);
        }
        if (validBytes != records.sizeInBytes()) {
            throw new CorruptRecordException("Replicated append to " + topicPartition + " ends with "
                    + (records.sizeInBytes() - validBytes) + " bytes that are not a whole record batch");
        }
        return new ValidatedRecords(
                records,
                firstOffset < 0 ? logEndOffset : firstOffset,
                lastOffset,
                maxTimestamp,
                offsetOfMaxTimestamp,
                RecordBatch.NO_TIMESTAMP,
                recordCount,
                batchCount);
    }

    private void validateBatchHeader(RecordBatch batch, int index, LogConfig config) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new InvalidRecordException("Batch " + index + " of the append to " + topicPartition + " has magic "
                    + batch.magic() + "; only record batch format v2 (magic 2) is supported");
        }
        if (batch.sizeInBytes() > config.maxMessageBytes()) {
            throw new RecordTooLargeException("Batch " + index + " of the append to " + topicPartition + " is "
                    + batch.sizeInBytes() + " bytes, more than max.message.bytes " + config.maxMessageBytes());
        }
        batch.ensureValid();
        if (batch.baseOffset() != 0) {
            throw new InvalidRecordException("The base offset of batch " + index + " of the append to " + topicPartition
                    + " should be 0, but it is " + batch.baseOffset());
        }
        long countFromOffsets = batch.lastOffset() - batch.baseOffset() + 1;
        Integer count = batch.countOrNull();
        if (countFromOffsets <= 0 || count == null || count <= 0 || count != countFromOffsets) {
            throw new InvalidRecordException("Batch " + index + " of the append to " + topicPartition + " has " + count
                    + " records but a last offset delta of " + (countFromOffsets - 1));
        }
        if (batch.isControlBatch()) {
            throw new InvalidRecordException("Clients may not send control batches (batch " + index
                    + " of the append to " + topicPartition + ")");
        }
        if (batch.hasProducerId() && batch.baseSequence() < 0) {
            throw new InvalidRecordException("Batch " + index + " of the append to " + topicPartition
                    + " has producer id " + batch.producerId() + " but no base sequence");
        }
        if (batch.isTransactional() && !batch.hasProducerId()) {
            throw new InvalidRecordException(
                    "Transactional batch " + index + " of the append to " + topicPartition + " has no producer id");
        }
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME
                && config.timestampType() == TimestampType.CREATE_TIME) {
            throw new InvalidTimestampException("Batch " + index + " of the append to " + topicPartition
                    + " has timestamp type LogAppendTime; producers must not set it");
        }
    }

    /** Checks every record of a batch; returns the largest record timestamp. */
    private long validateRecords(MutableRecordBatch batch, int index, long now, LogConfig config) {
        boolean checkTimestamps = config.timestampType() == TimestampType.CREATE_TIME;
        long lowest = saturatedSubtract(now, config.timestampBeforeMaxMs());
        long highest = saturatedAdd(now, config.timestampAfterMaxMs());
        boolean compacted = config.compactPolicy();
        List<RecordError> errors = null;
        boolean timestampError = false;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long expectedOffset = batch.baseOffset();
        int recordIndex = 0;
        try (var records = batch.skipKeyValueIterator(bufferSupplier)) {
            while (records.hasNext()) {
                Record record = records.next();
                String problem = null;
                if (record.offset() != expectedOffset) {
                    problem = "Record " + recordIndex + " has offset delta " + (record.offset() - batch.baseOffset())
                            + " where " + recordIndex + " was expected";
                } else if (compacted && !record.hasKey()) {
                    problem = "Compacted topic cannot accept message without key in topic partition " + topicPartition
                            + ".";
                } else if (checkTimestamps
                        && record.timestamp() != RecordBatch.NO_TIMESTAMP
                        && (record.timestamp() < lowest || record.timestamp() > highest)) {
                    problem = "Timestamp " + record.timestamp() + " of message with offset " + record.offset()
                            + " is out of range. The timestamp should be within [" + lowest + ", " + highest + "]";
                    timestampError = true;
                }
                if (problem != null) {
                    if (errors == null) {
                        errors = new ArrayList<>();
                    }
                    errors.add(new RecordError(recordIndex, problem));
                }
                maxTimestamp = Math.max(maxTimestamp, record.timestamp());
                expectedOffset++;
                recordIndex++;
            }
        }
        if (recordIndex != batch.countOrNull()) {
            throw new InvalidRecordException("Batch " + index + " of the append to " + topicPartition + " declares "
                    + batch.countOrNull() + " records but holds " + recordIndex);
        }
        if (errors != null) {
            throw rejected(errors, timestampError);
        }
        return maxTimestamp;
    }

    private static RecordsRejectedException rejected(List<RecordError> errors, boolean timestampError) {
        ApiException cause = timestampError
                ? new InvalidTimestampException("One or more records have been rejected due to invalid timestamp")
                : new InvalidRecordException("One or more records have been rejected due to " + errors.size()
                        + " record errors in total, and only showing the first three errors at most: "
                        + errors.subList(0, Math.min(errors.size(), 3)));
        return new RecordsRejectedException(cause, errors);
    }

    private ValidatedRecords assignInPlace(
            MemoryRecords records,
            List<MutableRecordBatch> batches,
            long firstOffset,
            int leaderEpoch,
            long now,
            LogConfig config) {
        boolean logAppendTime = config.timestampType() == TimestampType.LOG_APPEND_TIME;
        long offset = firstOffset;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = firstOffset;
        int recordCount = 0;
        for (int i = 0; i < batches.size(); i++) {
            var batch = batches.get(i);
            int count = batch.countOrNull();
            batch.setLastOffset(offset + count - 1);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            long batchMax = logAppendTime ? now : maxTimestamps.get(i);
            // A no-op (no CRC recomputation) unless LogAppendTime or a wrong producer-set max timestamp.
            batch.setMaxTimestamp(logAppendTime ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME, batchMax);
            if (batchMax > maxTimestamp) {
                maxTimestamp = batchMax;
                offsetOfMaxTimestamp = batch.lastOffset();
            }
            offset += count;
            recordCount += count;
        }
        return new ValidatedRecords(
                records,
                firstOffset,
                offset - 1,
                maxTimestamp,
                offsetOfMaxTimestamp,
                logAppendTime ? now : RecordBatch.NO_TIMESTAMP,
                recordCount,
                batches.size());
    }

    private ValidatedRecords reencode(
            List<MutableRecordBatch> batches,
            List<CompressionType> targetTypes,
            long firstOffset,
            int leaderEpoch,
            long now,
            LogConfig config) {
        boolean logAppendTime = config.timestampType() == TimestampType.LOG_APPEND_TIME;
        var timestampType = logAppendTime ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
        int estimate = 0;
        for (var batch : batches) {
            estimate += batch.sizeInBytes();
        }
        var output = new ByteBufferOutputStream(Math.max(estimate, 512));
        long offset = firstOffset;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = firstOffset;
        int recordCount = 0;
        for (int i = 0; i < batches.size(); i++) {
            var batch = batches.get(i);
            var builder = new org.apache.kafka.common.record.internal.MemoryRecordsBuilder(
                    output,
                    RecordBatch.MAGIC_VALUE_V2,
                    compression(targetTypes.get(i), config),
                    timestampType,
                    offset,
                    logAppendTime ? now : RecordBatch.NO_TIMESTAMP,
                    batch.producerId(),
                    batch.producerEpoch(),
                    batch.baseSequence(),
                    batch.isTransactional(),
                    false,
                    leaderEpoch,
                    0);
            try (var records = batch.streamingIterator(bufferSupplier)) {
                while (records.hasNext()) {
                    var record = records.next();
                    builder.appendWithOffset(
                            offset, record.timestamp(), record.key(), record.value(), record.headers());
                    offset++;
                    recordCount++;
                }
            }
            builder.close();
            long batchMax = logAppendTime ? now : maxTimestamps.get(i);
            if (batchMax > maxTimestamp) {
                maxTimestamp = batchMax;
                offsetOfMaxTimestamp = offset - 1;
            }
        }
        ByteBuffer buffer = output.buffer();
        buffer.flip();
        return new ValidatedRecords(
                MemoryRecords.readableRecords(buffer.slice()),
                firstOffset,
                offset - 1,
                maxTimestamp,
                offsetOfMaxTimestamp,
                logAppendTime ? now : RecordBatch.NO_TIMESTAMP,
                recordCount,
                batches.size());
    }

    /** The codec batches are stored with: the producer's for {@code producer}, else the topic's. */
    static CompressionType targetCompressionType(LogConfig config, CompressionType source) {
        return switch (config.compressionType()) {
            case "producer" -> source;
            case "uncompressed" -> CompressionType.NONE;
            default -> CompressionType.forName(config.compressionType());
        };
    }

    private static Compression compression(CompressionType type, LogConfig config) {
        return switch (type) {
            case NONE -> Compression.NONE;
            case GZIP ->
                Compression.gzip()
                        .level(config.getInt(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG))
                        .build();
            case SNAPPY -> Compression.snappy().build();
            case LZ4 ->
                Compression.lz4()
                        .level(config.getInt(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG))
                        .build();
            case ZSTD ->
                Compression.zstd()
                        .level(config.getInt(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG))
                        .build();
        };
    }

    private static long saturatedSubtract(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** A growable list of primitive longs, reused across appends. */
    private static final class LongList {
        private long[] values = new long[4];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long get(int index) {
            return values[index];
        }

        void clear() {
            size = 0;
        }
    }
}
