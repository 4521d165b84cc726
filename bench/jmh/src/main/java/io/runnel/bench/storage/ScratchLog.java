package io.runnel.bench.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.runnel.storage.LogConfig;
import io.runnel.storage.log.SegmentedLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A {@link SegmentedLog} in a fresh directory under {@code -Drunnel.bench.dir} (default {@code bench/work}),
 * removed again on {@link #close()}. The directory should be on the disk whose ceiling the dd runs of
 * bench/run-storage-jmh.sh measure.
 *
 * <p>Segments are 1 GiB (Kafka's default) and deleted files go at once ({@code file.delete.delay.ms=0}), so
 * {@link #trimTo} keeps the disk footprint bounded however long a benchmark appends.
 */
final class ScratchLog implements AutoCloseable {

    static final int SEGMENT_BYTES = 1024 * 1024 * 1024;

    private final Path dir;
    private final ScheduledExecutorService scheduler;
    final SegmentedLog log;

    private ScratchLog(Path dir, ScheduledExecutorService scheduler, SegmentedLog log) {
        this.dir = dir;
        this.scheduler = scheduler;
        this.log = log;
    }

    static ScratchLog create(String topic) {
        try {
            Path base = Paths.get(System.getProperty("runnel.bench.dir", "bench/work"));
            Files.createDirectories(base);
            Path dir = Files.createTempDirectory(base, "jmh-").resolve(topic + "-0");
            var config = LogConfig.of(Map.of(
                    TopicConfig.SEGMENT_BYTES_CONFIG, SEGMENT_BYTES,
                    TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, 0L,
                    TopicConfig.RETENTION_MS_CONFIG, -1L));
            var scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                var thread = new Thread(r, "scratch-log-scheduler");
                thread.setDaemon(true);
                return thread;
            });
            var log = SegmentedLog.open(
                    dir, new TopicPartition(topic, 0), config, Time.SYSTEM, scheduler, 0L, 0L, 0L, true);
            return new ScratchLog(dir.getParent(), scheduler, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * When the log holds more than {@code maxBytes}, moves its start to its end and deletes every segment but the
     * active one, as retention would on a broker.
     */
    void trimTo(long maxBytes) {
        if (log.sizeInBytes() > maxBytes) {
            long end = log.logEndOffset();
            log.updateHighWatermark(end);
            log.deleteRecordsBefore(end);
            log.deleteRetainedSegments();
        }
    }

    @Override
    public void close() {
        log.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
