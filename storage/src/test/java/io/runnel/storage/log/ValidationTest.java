package io.runnel.storage.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.runnel.storage.RecordError;
import io.runnel.storage.RecordsRejectedException;
import io.runnel.storage.testing.Batches;
import io.runnel.storage.testing.LogFixture;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ValidationTest {

    private static final long HOUR = 3_600_000L;

    @TempDir
    Path tmp;

    private LogFixture fixture;

    private SegmentedLog open(Map<String, ?> overrides) {
        fixture = new LogFixture(tmp, overrides);
        var log = fixture.open();
        log.appendAsLeader(Batches.of(3, now()), 0);
        return log;
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private long now() {
        return fixture == null ? 0 : fixture.clock.milliseconds();
    }

    /** The log's files and offsets, to show a rejected append changed nothing. */
    private record State(long end, long size, byte[] bytes) {}

    private State state(SegmentedLog log) throws Exception {
        return new State(
                log.logEndOffset(),
                log.sizeInBytes(),
                Files.readAllBytes(log.segments().get(0).logFile()));
    }

    private void assertUntouched(SegmentedLog log, State before) throws Exception {
        var after = state(log);
        assertThat(after.end()).isEqualTo(before.end());
        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after.bytes()).isEqualTo(before.bytes());
    }

    @Test
    void rejectsBatchWithBadCrcAsCorruptMessage() throws Exception {
        var log = open(Map.of());
        var before = state(log);
        var records = Batches.of(2, now());
        int last = records.sizeInBytes() - 1;
        records.buffer().put(last, (byte) (records.buffer().get(last) ^ 0x5a));

        var thrown = catchThrowableOfType(CorruptRecordException.class, () -> log.appendAsLeader(records, 0));

        assertThat(Errors.forException(thrown)).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertUntouched(log, before);
    }

    @Test
    void rejectsOldMagicAsInvalidRecord() throws Exception {
        var log = open(Map.of());
        var before = state(log);
        var v1 = MemoryRecords.withRecords(
                RecordBatch.MAGIC_VALUE_V1,
                Compression.NONE,
                new SimpleRecord(now(), "v".getBytes(StandardCharsets.UTF_8)));

        var thrown = catchThrowableOfType(InvalidRecordException.class, () -> log.appendAsLeader(v1, 0));

        assertThat(Errors.forException(thrown)).isEqualTo(Errors.INVALID_RECORD);
        assertUntouched(log, before);
    }

    @Test
    void rejectsBatchLargerThanMaxMessageBytes() throws Exception {
        var log = open(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, 200));
        var before = state(log);
        var big = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(now(), new byte[300]));

        var thrown = catchThrowableOfType(RecordTooLargeException.class, () -> log.appendAsLeader(big, 0));

        assertThat(Errors.forException(thrown)).isEqualTo(Errors.MESSAGE_TOO_LARGE);
        assertUntouched(log, before);
    }

    @Test
    void rejectsTimestampsOutOfBoundsWithPerRecordErrors() throws Exception {
        var log = open(Map.of(
                TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, HOUR,
                TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, HOUR));
        var before = state(log);
        var records = MemoryRecords.withRecords(
                Compression.NONE,
                new SimpleRecord(now(), "ok".getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord(now() - 2 * HOUR, "old".getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord(now() + HOUR, "edge".getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord(now() + HOUR + 1, "future".getBytes(StandardCharsets.UTF_8)));

        var thrown = catchThrowableOfType(RecordsRejectedException.class, () -> log.appendAsLeader(records, 0));

        assertThat(thrown.batchError()).isInstanceOf(InvalidTimestampException.class);
        assertThat(Errors.forException(thrown.batchError())).isEqualTo(Errors.INVALID_TIMESTAMP);
        assertThat(thrown.recordErrors()).extracting(RecordError::batchIndex).containsExactly(1, 3);
        assertThat(thrown.recordErrors().get(0).message()).contains("out of range");
        assertUntouched(log, before);
    }

    @Test
    void rejectsKeylessRecordsOnCompactedTopic() throws Exception {
        var log = open(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));
        var before = state(log);
        var records = MemoryRecords.withRecords(
                Compression.gzip().build(),
                new SimpleRecord(now(), "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord(now(), null, "v".getBytes(StandardCharsets.UTF_8)));

        var thrown = catchThrowableOfType(RecordsRejectedException.class, () -> log.appendAsLeader(records, 0));

        assertThat(thrown.batchError()).isInstanceOf(InvalidRecordException.class);
        assertThat(thrown.recordErrors()).extracting(RecordError::batchIndex).containsExactly(1);
        assertUntouched(log, before);
    }

    @Test
    void rejectsRecordCountInconsistentWithOffsetDelta() throws Exception {
        var log = open(Map.of());
        var before = state(log);
        var records = Batches.of(3, now());
        // The records count field (int32 at byte 57) claims 2 records while the last offset delta says 3.
        records.buffer().putInt(57, 2);

        assertThatThrownBy(() -> log.appendAsLeader(records, 0))
                .isInstanceOfAny(InvalidRecordException.class, CorruptRecordException.class);
        assertUntouched(log, before);
    }

    @Test
    void rejectedSecondBatchLeavesTheFirstUnwrittenToo() throws Exception {
        var log = open(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, 300));
        var before = state(log);
        var good = Batches.of(1, now());
        var bad = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(now(), new byte[400]));
        var both = ByteBuffer.allocate(good.sizeInBytes() + bad.sizeInBytes());
        both.put(good.buffer().duplicate()).put(bad.buffer().duplicate()).flip();

        assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.readableRecords(both), 0))
                .isInstanceOf(RecordTooLargeException.class);
        assertUntouched(log, before);
    }

    @Test
    void rejectsTrailingPartialBatch() throws Exception {
        var log = open(Map.of());
        var before = state(log);
        var good = Batches.of(2, now());
        var buffer = ByteBuffer.allocate(good.sizeInBytes() + 30);
        buffer.put(good.buffer().duplicate())
                .put(good.buffer().duplicate().limit(30))
                .flip();

        assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.readableRecords(buffer), 0))
                .isInstanceOf(CorruptRecordException.class);
        assertUntouched(log, before);
    }

    @Test
    void rejectsLogAppendTimeSetByTheProducerOnCreateTimeTopic() throws Exception {
        var log = open(Map.of());
        var before = state(log);
        var records = MemoryRecords.withRecords(
                RecordBatch.MAGIC_VALUE_V2,
                0L,
                Compression.NONE,
                TimestampType.LOG_APPEND_TIME,
                new SimpleRecord(now(), "v".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> log.appendAsLeader(records, 0)).isInstanceOf(InvalidTimestampException.class);
        assertUntouched(log, before);
    }

    @Test
    void rejectsGarbageAsCorruptMessage() throws Exception {
        var log = open(Map.of());
        var before = state(log);
        var garbage = ByteBuffer.allocate(100);
        garbage.putLong(0).putInt(5).position(0);

        assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.readableRecords(garbage), 0))
                .isInstanceOf(CorruptRecordException.class);
        assertUntouched(log, before);
    }

    @Test
    void rejectsCompressedRecordsWithNonConsecutiveOffsetDeltas() throws Exception {
        var log = open(Map.of());
        var before = state(log);
        var buffer = ByteBuffer.allocate(1024);
        var builder = MemoryRecords.builder(buffer, Compression.gzip().build(), TimestampType.CREATE_TIME, 0L);
        builder.appendWithOffset(0, now(), null, "a".getBytes(StandardCharsets.UTF_8));
        builder.appendWithOffset(2, now(), null, "b".getBytes(StandardCharsets.UTF_8));
        var records = builder.build();
        // Make the header consistent (2 records, last offset delta 1) so only the inner deltas (0, 2) are wrong;
        // changing the max timestamp recomputes the CRC.
        records.buffer().putInt(23, 1);
        var batch = records.batches().iterator().next();
        batch.setMaxTimestamp(TimestampType.CREATE_TIME, now() + 1);

        var thrown = catchThrowableOfType(RecordsRejectedException.class, () -> log.appendAsLeader(records, 0));

        assertThat(thrown.batchError()).isInstanceOf(InvalidRecordException.class);
        assertThat(thrown.recordErrors()).extracting(RecordError::batchIndex).containsExactly(1);
        assertUntouched(log, before);
    }
}
