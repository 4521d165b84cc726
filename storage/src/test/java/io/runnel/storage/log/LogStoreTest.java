package io.runnel.storage.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogConfig;
import io.runnel.storage.checkpoint.OffsetCheckpointFile;
import io.runnel.storage.testing.Batches;
import io.runnel.storage.testing.ManualClock;
import io.runnel.storage.testing.ManualScheduler;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class LogStoreTest {

    private static final TopicPartition TP = new TopicPartition("orders", 3);

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private LogStore store;

    private LogStore open(List<Path> dirs) {
        store = LogStore.open(dirs, LogConfig.defaults(), clock, scheduler, 2);
        return store;
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void createsNewPartitionsInTheLogDirWithFewestPartitions() {
        var a = tmp.resolve("a");
        var b = tmp.resolve("b");
        var store = open(List.of(a, b));
        for (int p = 0; p < 4; p++) {
            store.getOrCreate(new TopicPartition("t", p), LogConfig.defaults());
        }
        assertThat(a.resolve("t-0")).isDirectory();
        assertThat(b.resolve("t-1")).isDirectory();
        assertThat(a.resolve("t-2")).isDirectory();
        assertThat(b.resolve("t-3")).isDirectory();
        assertThat(store.all()).hasSize(4);
        assertThat(store.get(new TopicPartition("t", 2))).isPresent();
        assertThat(store.get(new TopicPartition("t", 9))).isEmpty();
    }

    @Test
    void cleanCloseCheckpointsAndReopensEveryLogWhereItWas() throws Exception {
        var dir = tmp.resolve("logs");
        var log = open(List.of(dir)).getOrCreate(TP, LogConfig.defaults());
        log.appendAsLeader(Batches.of(5, clock.milliseconds()), 1);
        log.appendAsLeader(Batches.of(3, clock.milliseconds()), 2);
        log.updateHighWatermark(5);
        log.deleteRecordsBefore(2);

        store.close();

        assertThat(dir.resolve(LogStore.CLEAN_SHUTDOWN_FILE)).exists();
        assertThat(new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT)).read())
                .containsEntry(TP, 8L);
        assertThat(new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.LOG_START_OFFSET_CHECKPOINT)).read())
                .containsEntry(TP, 2L);
        assertThat(new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.REPLICATION_OFFSET_CHECKPOINT)).read())
                .containsEntry(TP, 5L);

        var reopened = open(List.of(dir)).get(TP).orElseThrow();

        assertThat(dir.resolve(LogStore.CLEAN_SHUTDOWN_FILE)).doesNotExist();
        assertThat(reopened.logEndOffset()).isEqualTo(8);
        assertThat(reopened.logStartOffset()).isEqualTo(2);
        assertThat(reopened.highWatermark()).isEqualTo(5);
        // Whole batches: the first holds offsets 0-4; a consumer skips those below its fetch offset.
        assertThat(Batches.offsets(reopened.read(2, 1 << 20, FetchIsolation.HIGH_WATERMARK, false)
                        .records()))
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(reopened.latestEpoch()).contains(2);
    }

    @Test
    void deleteRenamesThePartitionDirectoryAndRemovesItAfterTheDelay() throws Exception {
        var dir = tmp.resolve("logs");
        var store = open(List.of(dir));
        var config = LogConfig.of(Map.of(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, 1_000L));
        store.getOrCreate(TP, config).appendAsLeader(Batches.of(1, clock.milliseconds()), 0);

        store.delete(TP);

        assertThat(store.get(TP)).isEmpty();
        assertThat(dir.resolve("orders-3")).doesNotExist();
        try (var children = Files.list(dir)) {
            assertThat(children.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.matches("orders-3\\.[0-9a-f]{32}-delete"));
        }
        scheduler.tick(1_000);
        try (var children = Files.list(dir)) {
            assertThat(children.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith("-delete"));
        }
        assertThat(store.getOrCreate(TP, config).logEndOffset()).isZero();
    }

    @Test
    void aClosedStoreDeletesNoLog() {
        // given a log with records in a store that was closed cleanly
        var dir = tmp.resolve("logs");
        open(List.of(dir)).getOrCreate(TP, LogConfig.defaults()).appendAsLeader(Batches.of(3, clock.milliseconds()), 0);
        store.close();

        // when a deletion comes in late (e.g. from a metadata event racing with the shutdown)
        Throwable refused = catchThrowable(() -> store.delete(TP));

        // then it is refused, and the log is left as it was closed: the next start has all its records
        assertThat(refused).isInstanceOf(KafkaStorageException.class);
        assertThat(open(List.of(dir)).get(TP).orElseThrow().logEndOffset()).isEqualTo(3);
    }

    @Test
    void refusesASecondStoreOnTheSameDirectory() {
        var dir = tmp.resolve("logs");
        open(List.of(dir));
        assertThatThrownBy(() -> LogStore.open(List.of(dir), LogConfig.defaults(), clock, scheduler, 1))
                .isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("in use");
    }

    @Test
    void opensADirectoryWhoseLockTheCallerHolds() throws Exception {
        var dir = Files.createDirectories(tmp.resolve("logs"));
        try (var channel = java.nio.channels.FileChannel.open(
                        dir.resolve(LogStore.LOCK_FILE),
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                var lock = channel.lock()) {
            store = LogStore.open(
                    List.of(dir),
                    LogConfig.defaults(),
                    clock,
                    scheduler,
                    1,
                    LogStore.Settings.defaults(),
                    LogStore.DirLock.HELD_BY_CALLER);
            store.getOrCreate(TP, LogConfig.defaults());
            store.close();
            store = null;
            assertThat(lock.isValid()).isTrue();
        }
        assertThat(dir.resolve(LogStore.CLEAN_SHUTDOWN_FILE)).exists();
    }

    @Test
    void runsRetentionPeriodically() {
        var store = open(List.of(tmp.resolve("logs")));
        var config =
                LogConfig.of(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, 200, TopicConfig.RETENTION_MS_CONFIG, 1_000L));
        var log = store.getOrCreate(TP, config);
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(Batches.of(1, clock.milliseconds()), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        assertThat(log.logStartOffset()).isZero();

        scheduler.tick(LogStore.Settings.defaults().retentionCheckIntervalMs());

        assertThat(log.logStartOffset()).isEqualTo(10);
    }

    @Test
    void flushMsIsAppliedByThePeriodicFlushCheck() {
        var store = open(List.of(tmp.resolve("logs")));
        var log = (SegmentedLog) store.getOrCreate(TP, LogConfig.of(Map.of(TopicConfig.FLUSH_MS_CONFIG, 5_000L)));
        log.appendAsLeader(Batches.of(2, clock.milliseconds()), 0);
        scheduler.tick(1_000);
        assertThat(log.recoveryPoint()).isZero();

        scheduler.tick(4_000);

        assertThat(log.recoveryPoint()).isEqualTo(2);
    }

    @Test
    void parsesPartitionDirectoryNames() {
        assertThat(LogStore.parseTopicPartition("my-topic-12")).contains(new TopicPartition("my-topic", 12));
        assertThat(LogStore.parseTopicPartition("topic")).isEmpty();
        assertThat(LogStore.parseTopicPartition("topic-x")).isEmpty();
        assertThat(LogStore.parseTopicPartition("-1")).isEmpty();
    }

    @Test
    void tenThousandPartitionLogsOpenAndCloseAtOnce() throws Exception {
        var dir = tmp.resolve("many");
        var config = LogConfig.of(Map.of(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, 4096));
        long t0 = System.nanoTime();
        var store = LogStore.open(List.of(dir), config, clock, scheduler, 2);
        this.store = store;
        // Epoch -1 (no leader epoch) keeps the test from writing 10,000 fsync'ed epoch checkpoints.
        for (int p = 0; p < 10_000; p++) {
            var log = store.getOrCreate(new TopicPartition("many", p), config);
            if (p % 1000 == 0) {
                log.appendAsLeader(Batches.of(1, clock.milliseconds()), -1);
            }
        }
        assertThat(store.all()).hasSize(10_000);
        long descriptorsWithAllOpen = openDescriptors();
        long t1 = System.nanoTime();
        store.close();
        long t2 = System.nanoTime();

        var reopened = LogStore.open(List.of(dir), config, clock, scheduler, 2);
        this.store = reopened;

        long t3 = System.nanoTime();
        assertThat(reopened.all()).hasSize(10_000);
        assertThat(reopened.get(new TopicPartition("many", 5000)).orElseThrow().logEndOffset())
                .isEqualTo(1);
        assertThat(reopened.get(new TopicPartition("many", 5001)).orElseThrow().logEndOffset())
                .isZero();
        for (int p = 0; p < 10_000; p += 1000) {
            var log = reopened.get(new TopicPartition("many", p)).orElseThrow();
            assertThat(Batches.offsets(
                            log.read(0, 1 << 20, FetchIsolation.LOG_END, false).records()))
                    .containsExactly(0L);
        }
        // Loaded logs hold no descriptor or mapping until used: reopening 10,000 logs costs next to nothing.
        long descriptorsAfterReopen = openDescriptors();
        System.out.printf(
                "10k partitions: created in %d ms, closed in %d ms, reopened in %d ms;"
                        + " %d descriptors with all created logs open, %d after reopening%n",
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000,
                descriptorsWithAllOpen,
                descriptorsAfterReopen);
        assertThat(descriptorsWithAllOpen).isBetween(10_000L, 19_000L);
        assertThat(descriptorsAfterReopen).isLessThan(descriptorsWithAllOpen - 9_000);
    }

    private static long openDescriptors() throws Exception {
        var fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc");
        try (var list = Files.list(fds)) {
            return list.count();
        }
    }
}
