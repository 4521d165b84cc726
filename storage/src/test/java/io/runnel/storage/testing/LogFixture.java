package io.runnel.storage.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.runnel.storage.LogConfig;
import io.runnel.storage.log.SegmentedLog;
import org.apache.kafka.common.TopicPartition;

/** Opens, closes and reopens one {@link SegmentedLog} in a test directory, on a manual clock and scheduler. */
public final class LogFixture implements AutoCloseable {

    public static final TopicPartition TP = new TopicPartition("topic", 0);

    public final ManualClock clock = new ManualClock();
    public final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Path dir;
    private final Map<String, Object> overrides = new HashMap<>();
    private SegmentedLog log;

    public LogFixture(Path parent, Map<String, ?> overrides) {
        this.dir = parent.resolve(TP.topic() + "-" + TP.partition());
        this.overrides.putAll(overrides);
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return LogConfig.of(overrides);
    }

    /** Opens the log for the first time (an empty directory). */
    public SegmentedLog open() {
        log = SegmentedLog.open(dir, TP, config(), clock, scheduler, 0, 0, 0, true);
        return log;
    }

    public SegmentedLog log() {
        return log;
    }

    /** Closes cleanly and reopens as after a clean shutdown. */
    public SegmentedLog reopenClean() {
        long start = log.logStartOffset();
        long hw = log.highWatermark();
        log.close();
        log = SegmentedLog.open(dir, TP, config(), clock, scheduler, start, log.recoveryPoint(), hw, true);
        return log;
    }

    /**
     * Drops the log without closing it (as a killed process would, minus the page cache loss) and reopens it as
     * after an unclean shutdown with the given checkpointed recovery point.
     */
    public SegmentedLog reopenUnclean(long recoveryPoint) {
        long start = log.logStartOffset();
        long hw = log.highWatermark();
        log.closeHandlers();
        log = SegmentedLog.open(dir, TP, config(), clock, scheduler, start, recoveryPoint, hw, false);
        return log;
    }

    /** Releases the files of a log stopped without close (for tests that corrupt files in between). */
    public void crash() {
        log.closeHandlers();
    }

    public SegmentedLog openAfterCrash(long recoveryPoint, boolean cleanShutdown) {
        log = SegmentedLog.open(dir, TP, config(), clock, scheduler, 0, recoveryPoint, 0, cleanShutdown);
        return log;
    }

    @Override
    public void close() {
        if (log != null) {
            log.closeHandlers();
        }
    }
}
