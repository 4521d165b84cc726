package io.runnel.storage.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.runnel.storage.FetchIsolation;
import io.runnel.storage.testing.Batches;
import io.runnel.storage.testing.LogFixture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppendReadTest {

    @TempDir
    Path tmp;

    private LogFixture fixture;

    private SegmentedLog open(Map<String, ?> overrides) {
        fixture = new LogFixture(tmp, overrides);
        return fixture.open();
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private long now() {
        return fixture.clock.milliseconds();
    }

    private static byte[] bytesOf(Records records) {
        var buffer = ByteBuffer.allocate(records.sizeInBytes());
        for (RecordBatch batch : records.batches()) {
            batch.writeTo(buffer);
        }
        return buffer.array();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void returnsBatchesByteForByteApartFromAssignedOffsetAndEpoch(CompressionType codec) {
        var log = open(Map.of());
        log.appendAsLeader(Batches.of(3, now()), 0);
        var produced = Batches.mixed(Compression.of(codec).build(), now(), 20);
        byte[] sent = Batches.bytes(produced);
        var expectedContents = Batches.contents(produced);

        var result = log.appendAsLeader(produced, 7);
        var read = log.read(3, 1 << 20, FetchIsolation.LOG_END, false).records();

        assertThat(read).isInstanceOf(FileRecords.class);
        byte[] stored = bytesOf(read);
        assertThat(stored).hasSize(sent.length);
        var batch = read.batches().iterator().next();
        assertThat(batch.baseOffset()).isEqualTo(3);
        assertThat(batch.lastOffset()).isEqualTo(22);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(batch.compressionType()).isEqualTo(codec);
        // Bytes 0-7 are the base offset and 12-15 the partition leader epoch; everything else is the producer's.
        assertThat(Arrays.copyOfRange(stored, 8, 12)).isEqualTo(Arrays.copyOfRange(sent, 8, 12));
        assertThat(Arrays.copyOfRange(stored, 16, stored.length)).isEqualTo(Arrays.copyOfRange(sent, 16, sent.length));
        assertThat(Batches.contents(read)).isEqualTo(expectedContents);
        assertThat(result.firstOffset()).isEqualTo(3);
        assertThat(result.lastOffset()).isEqualTo(22);
        assertThat(result.recordCount()).isEqualTo(20);
        assertThat(result.duplicate()).isFalse();
    }

    @Test
    void assignsConsecutiveOffsetsAcrossAppends() {
        var log = open(Map.of());
        for (int i = 0; i < 10; i++) {
            var result = log.appendAsLeader(Batches.of(i + 1, now()), 0);
            assertThat(result.firstOffset()).isEqualTo((long) i * (i + 1) / 2);
        }
        assertThat(log.logEndOffset()).isEqualTo(55);
        var offsets = Batches.offsets(
                log.read(0, 1 << 20, FetchIsolation.LOG_END, false).records());
        assertThat(offsets)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, 55).boxed().toList());
    }

    @Test
    void stampsLogAppendTimeIntoBatchHeader() {
        var log = open(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        var result = log.appendAsLeader(Batches.of(3, 5), 0);
        var batch = log.read(0, 1 << 20, FetchIsolation.LOG_END, false)
                .records()
                .batches()
                .iterator()
                .next();
        assertThat(result.logAppendTime()).isEqualTo(now());
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(now());
        batch.ensureValid();
    }

    @Test
    void recompressesWhenTopicCompressionDiffersFromProducers() {
        var log = open(Map.of(TopicConfig.COMPRESSION_TYPE_CONFIG, "zstd"));
        var produced = Batches.mixed(Compression.NONE, now(), 30);
        var contents = Batches.contents(produced);
        log.appendAsLeader(produced, 2);
        var read = log.read(0, 1 << 20, FetchIsolation.LOG_END, false).records();
        var batch = read.batches().iterator().next();
        assertThat(batch.compressionType()).isEqualTo(CompressionType.ZSTD);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(2);
        assertThat(Batches.contents(read)).isEqualTo(contents);
        assertThat(Batches.offsets(read)).hasSize(30).startsWith(0L).endsWith(29L);
    }

    @Test
    void readAtLogEndReturnsNoRecords() {
        var log = open(Map.of());
        log.appendAsLeader(Batches.of(2, now()), 0);
        assertThat(log.read(2, 1000, FetchIsolation.LOG_END, true).records().sizeInBytes())
                .isZero();
    }

    @Test
    void readOutsideTheLogIsOffsetOutOfRange() {
        var log = open(Map.of());
        log.appendAsLeader(Batches.of(2, now()), 0);
        assertThatThrownBy(() -> log.read(3, 1000, FetchIsolation.LOG_END, true))
                .isInstanceOf(OffsetOutOfRangeException.class);
        log.updateHighWatermark(2);
        log.deleteRecordsBefore(1);
        assertThatThrownBy(() -> log.read(0, 1000, FetchIsolation.LOG_END, true))
                .isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void readStopsBeforeTheHighWatermarkForConsumers() {
        var log = open(Map.of());
        log.appendAsLeader(Batches.of(2, now()), 0);
        log.appendAsLeader(Batches.of(3, now()), 0);
        log.updateHighWatermark(2);
        var consumer = log.read(0, 1 << 20, FetchIsolation.HIGH_WATERMARK, false);
        var follower = log.read(0, 1 << 20, FetchIsolation.LOG_END, false);
        assertThat(Batches.offsets(consumer.records())).containsExactly(0L, 1L);
        assertThat(Batches.offsets(follower.records())).hasSize(5);
        assertThat(consumer.highWatermark()).isEqualTo(2);
        assertThat(consumer.logEndOffset()).isEqualTo(5);
        assertThat(log.read(2, 1 << 20, FetchIsolation.HIGH_WATERMARK, false)
                        .records()
                        .sizeInBytes())
                .isZero();
    }

    @Test
    void readReturnsWholeBatchesOnly() {
        var log = open(Map.of());
        int batchSize = log.appendAsLeader(Batches.of(5, now()), 0).recordCount();
        log.appendAsLeader(Batches.of(5, now()), 0);
        int oneBatch = (int) log.sizeInBytes() / 2;
        var read = log.read(0, oneBatch + oneBatch / 2, FetchIsolation.LOG_END, false)
                .records();
        assertThat(read.sizeInBytes()).isEqualTo(oneBatch);
        assertThat(batchSize).isEqualTo(5);
        var tooSmall = log.read(0, 10, FetchIsolation.LOG_END, false).records();
        assertThat(tooSmall.sizeInBytes()).isZero();
        var minOne = log.read(0, 10, FetchIsolation.LOG_END, true).records();
        assertThat(minOne.sizeInBytes()).isEqualTo(oneBatch);
    }

    @Test
    void everyOffsetIsFoundAcrossSegmentsAgainstAnOracle() {
        var log = open(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, 2000, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, 150));
        var random = new Random(11);
        var batchBaseByLastOffset = new TreeMap<Long, Long>();
        for (int i = 0; i < 300; i++) {
            var result = log.appendAsLeader(Batches.of(1 + random.nextInt(4), now()), 0);
            batchBaseByLastOffset.put(result.lastOffset(), result.firstOffset());
        }
        assertThat(log.segments().size()).isGreaterThan(5);
        for (long offset = 0; offset < log.logEndOffset(); offset++) {
            var first = log.read(offset, 1, FetchIsolation.LOG_END, true)
                    .records()
                    .batches()
                    .iterator()
                    .next();
            var expected = batchBaseByLastOffset.ceilingEntry(offset);
            assertThat(first.baseOffset()).as("offset %d", offset).isEqualTo(expected.getValue());
            assertThat(first.lastOffset()).isEqualTo(expected.getKey());
        }
    }

    @Test
    void offsetForTimestampFindsFirstRecordAtOrAfterAcrossSegments() {
        var log = open(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, 1500, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, 100));
        var random = new Random(12);
        var firstOffsetAtOrAfter = new TreeMap<Long, Long>();
        long ts = now() - 100_000;
        for (int i = 0; i < 200; i++) {
            ts += random.nextInt(3);
            var result = log.appendAsLeader(Batches.of(1, ts), 0);
            firstOffsetAtOrAfter.putIfAbsent(ts, result.firstOffset());
        }
        long first = firstOffsetAtOrAfter.firstKey();
        long last = firstOffsetAtOrAfter.lastKey();
        for (long target = first - 2; target <= last + 2; target++) {
            var expected = firstOffsetAtOrAfter.ceilingEntry(target);
            var found = log.offsetForTimestamp(target);
            if (expected == null) {
                assertThat(found).as("ts %d", target).isEmpty();
            } else {
                assertThat(found).as("ts %d", target).isPresent();
                assertThat(found.get().offset()).as("ts %d", target).isEqualTo(expected.getValue());
                assertThat(found.get().timestamp()).isEqualTo(expected.getKey());
            }
        }
    }

    @Test
    void offsetForTimestampAnswersSpecialTimestamps() {
        var log = open(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, 1000));
        long base = now() - 1000;
        log.appendAsLeader(Batches.of(2, base), 3);
        log.appendAsLeader(Batches.of(1, base + 500), 4);
        log.appendAsLeader(Batches.of(2, base + 100), 5);

        assertThat(log.offsetForTimestamp(ListOffsetsRequest.EARLIEST_TIMESTAMP)
                        .orElseThrow()
                        .offset())
                .isZero();
        var latest = log.offsetForTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP).orElseThrow();
        assertThat(latest.offset()).isEqualTo(5);
        assertThat(latest.leaderEpoch()).isEqualTo(5);
        var max = log.offsetForTimestamp(ListOffsetsRequest.MAX_TIMESTAMP).orElseThrow();
        assertThat(max.timestamp()).isEqualTo(base + 500);
        assertThat(max.offset()).isEqualTo(2);
        assertThat(max.leaderEpoch()).isEqualTo(4);
    }

    @Test
    void followerAppendKeepsLeaderOffsets() {
        var log = open(Map.of());
        var result = log.appendAsFollower(Batches.atOffset(0, now(), 3));
        log.appendAsFollower(Batches.atOffset(10, now(), 2));
        assertThat(result.lastOffset()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(12);
        assertThat(Batches.offsets(
                        log.read(0, 1 << 20, FetchIsolation.LOG_END, false).records()))
                .containsExactly(0L, 1L, 2L, 10L, 11L);
        assertThatThrownBy(() -> log.appendAsFollower(Batches.atOffset(5, now(), 1)))
                .isInstanceOf(org.apache.kafka.common.InvalidRecordException.class);
    }

    @Test
    void flushMessagesOneAdvancesRecoveryPointOnEveryAppend() {
        var log = open(Map.of(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, 1));
        log.appendAsLeader(Batches.of(2, now()), 0);
        assertThat(log.recoveryPoint()).isEqualTo(2);
        var lazy = new LogFixture(tmp.resolve("other"), Map.of()).open();
        lazy.appendAsLeader(Batches.of(2, now()), 0);
        assertThat(lazy.recoveryPoint()).isZero();
        lazy.closeHandlers();
    }

    @Test
    void emptyAppendIsRejectedWithoutChangingTheLog() {
        var log = open(Map.of());
        assertThat(log.appendAsLeader(MemoryRecords.EMPTY, 0).recordCount()).isZero();
        assertThat(log.logEndOffset()).isZero();
    }
}
