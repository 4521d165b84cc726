package io.runnel.storage.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.runnel.storage.LogConfig;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.checkpoint.CorruptCheckpointException;
import io.runnel.storage.checkpoint.OffsetCheckpointFile;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog of every partition log across the log directories ({@code log.dirs}), Kafka's LogManager without
 * broker notions.
 *
 * <p>Each log directory holds one sub-directory per partition, {@code <topic>-<partition>}, and these files:
 *
 * <ul>
 *   <li>{@code recovery-point-offset-checkpoint}: per partition, the offset below which the log was flushed; an
 *       unclean start re-validates the log from there;
 *   <li>{@code log-start-offset-checkpoint}: per partition, the log start offset (raised by DeleteRecords and
 *       retention), which may lie inside the first segment;
 *   <li>{@code replication-offset-checkpoint}: per partition, the high watermark;
 *   <li>{@code .kafka_cleanshutdown}: written by {@link #close()} after everything was flushed and checkpointed,
 *       and deleted once the logs are loaded, so its absence at start means the last stop was unclean;
 *   <li>{@code .lock}: locked while a store has the directory open, so two processes cannot share it.
 * </ul>
 *
 * The checkpoint files use Kafka's format ({@link OffsetCheckpointFile}). A deleted partition's directory is
 * renamed to {@code <topic>-<partition>.<uuid-hex>-delete} and removed after {@code file.delete.delay.ms}; such
 * directories found at start are removed too.
 *
 * <p>Periodic tasks on the scheduler: retention ({@link Settings#retentionCheckIntervalMs}), the {@code flush.ms}
 * check ({@link Settings#flushCheckIntervalMs}) and the checkpoints ({@link Settings#checkpointIntervalMs}).
 */
public final class LogStore implements Closeable {

    public static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    public static final String LOCK_FILE = ".lock";
    private static final String DELETE_DIR_SUFFIX = "-delete";

    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);

    /** How often the periodic tasks run. Kafka's defaults, but a flush check every second. */
    public record Settings(long retentionCheckIntervalMs, long flushCheckIntervalMs, long checkpointIntervalMs) {
        public static Settings defaults() {
            return new Settings(300_000L, 1_000L, 60_000L);
        }
    }

    /**
     * Who holds each directory's {@code .lock}. A broker locks its log dirs itself before the store opens (it reads
     * and writes {@code meta.properties} first) and keeps them locked until after the store closed; a second lock
     * of the same file from the same JVM would fail, so it opens the store with {@link #HELD_BY_CALLER}.
     */
    public enum DirLock {
        /** The store locks each directory while it is open. */
        TAKE,
        /** The caller already holds each directory's lock for longer than the store is open. */
        HELD_BY_CALLER
    }

    private final List<LogDir> dirs;
    private final LogConfig defaults;
    private final Time time;
    private final ScheduledExecutorService scheduler;
    private final int threads;
    private final Map<TopicPartition, SegmentedLog> logs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, LogDir> dirOf = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private volatile boolean closed;

    private LogStore(
            List<LogDir> dirs, LogConfig defaults, Time time, ScheduledExecutorService scheduler, int threads) {
        this.dirs = dirs;
        this.defaults = defaults;
        this.time = time;
        this.scheduler = scheduler;
        this.threads = threads;
    }

    public static LogStore open(
            List<Path> logDirs,
            LogConfig defaults,
            Time time,
            ScheduledExecutorService scheduler,
            int recoveryThreads) {
        return open(logDirs, defaults, time, scheduler, recoveryThreads, Settings.defaults());
    }

    /**
     * Opens the log directories and loads (recovering where needed) every partition log in them, on
     * {@code recoveryThreads} threads, then schedules the periodic tasks.
     *
     * @throws KafkaStorageException when a directory cannot be used or a partition appears in two of them
     */
    public static LogStore open(
            List<Path> logDirs,
            LogConfig defaults,
            Time time,
            ScheduledExecutorService scheduler,
            int recoveryThreads,
            Settings settings) {
        return open(logDirs, defaults, time, scheduler, recoveryThreads, settings, DirLock.TAKE);
    }

    /** {@link #open(List, LogConfig, Time, ScheduledExecutorService, int, Settings)} with the given locking. */
    public static LogStore open(
            List<Path> logDirs,
            LogConfig defaults,
            Time time,
            ScheduledExecutorService scheduler,
            int recoveryThreads,
            Settings settings,
            DirLock dirLock) {
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("No log directory given");
        }
        var dirs = new ArrayList<LogDir>();
        try {
            for (Path path : logDirs) {
                dirs.add(LogDir.open(path, dirLock));
            }
        } catch (RuntimeException e) {
            dirs.forEach(LogDir::unlock);
            throw e;
        }
        var store = new LogStore(dirs, defaults, time, scheduler, Math.max(1, recoveryThreads));
        try {
            store.loadAll();
        } catch (RuntimeException e) {
            store.logs.values().forEach(SegmentedLog::closeHandlers);
            dirs.forEach(LogDir::unlock);
            throw e;
        }
        store.schedule(settings);
        return store;
    }

    private void loadAll() {
        var loads = new ArrayList<Future<?>>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            var thread = new Thread(runnable, "log-recovery");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (LogDir dir : dirs) {
                boolean clean = Files.exists(dir.path.resolve(CLEAN_SHUTDOWN_FILE));
                if (!clean) {
                    LOG.warn("No clean shutdown marker in {}: recovering logs past their recovery points", dir.path);
                }
                var recoveryPoints = readCheckpoint(dir.recoveryPoints);
                var startOffsets = readCheckpoint(dir.logStartOffsets);
                var highWatermarks = readCheckpoint(dir.highWatermarks);
                for (Path child : subdirectories(dir.path)) {
                    String name = child.getFileName().toString();
                    if (name.endsWith(DELETE_DIR_SUFFIX)) {
                        scheduler.execute(() -> deleteRecursively(child));
                        continue;
                    }
                    var tp = parseTopicPartition(name);
                    if (tp.isEmpty()) {
                        LOG.warn("Ignoring {}: not a partition directory", child);
                        continue;
                    }
                    loads.add(pool.submit(() -> {
                        var log = SegmentedLog.open(
                                child,
                                tp.get(),
                                defaults,
                                time,
                                scheduler,
                                startOffsets.getOrDefault(tp.get(), 0L),
                                clean ? Long.MAX_VALUE : recoveryPoints.getOrDefault(tp.get(), 0L),
                                highWatermarks.getOrDefault(tp.get(), 0L),
                                clean);
                        if (logs.putIfAbsent(tp.get(), log) != null) {
                            log.closeHandlers();
                            throw new KafkaStorageException("Partition " + tp.get() + " has a log in two directories; "
                                    + child + " is one of them");
                        }
                        dirOf.put(tp.get(), dir);
                        dir.partitions.incrementAndGet();
                    }));
                }
            }
            for (var load : loads) {
                load.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStorageException("Interrupted while loading logs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new KafkaStorageException("Cannot load logs: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        // From now on a crash must be detected as unclean.
        for (LogDir dir : dirs) {
            try {
                Files.deleteIfExists(dir.path.resolve(CLEAN_SHUTDOWN_FILE));
            } catch (IOException e) {
                throw new KafkaStorageException("Cannot remove the clean shutdown marker of " + dir.path, e);
            }
        }
        LOG.info(
                "Loaded {} partition logs from {}",
                logs.size(),
                dirs.stream().map(d -> d.path).toList());
    }

    private static Map<TopicPartition, Long> readCheckpoint(OffsetCheckpointFile file) {
        try {
            return file.read();
        } catch (CorruptCheckpointException e) {
            // Without trustworthy checkpoints every log is recovered in full: slower, never wrong.
            LOG.warn("Ignoring corrupt checkpoint {}: {}", file.file(), e.getMessage());
            return Map.of();
        }
    }

    private void schedule(Settings settings) {
        tasks.add(scheduler.scheduleAtFixedRate(
                this::retentionCheck,
                settings.retentionCheckIntervalMs(),
                settings.retentionCheckIntervalMs(),
                TimeUnit.MILLISECONDS));
        tasks.add(scheduler.scheduleAtFixedRate(
                this::flushCheck,
                settings.flushCheckIntervalMs(),
                settings.flushCheckIntervalMs(),
                TimeUnit.MILLISECONDS));
        tasks.add(scheduler.scheduleAtFixedRate(
                this::checkpointQuietly,
                settings.checkpointIntervalMs(),
                settings.checkpointIntervalMs(),
                TimeUnit.MILLISECONDS));
    }

    /** The log of {@code tp}, created (in the log directory with the fewest partitions) if it does not exist. */
    public PartitionLog getOrCreate(TopicPartition tp, LogConfig config) {
        var existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            ensureOpen();
            existing = logs.get(tp);
            if (existing != null) {
                return existing;
            }
            var dir = dirs.stream()
                    .min(Comparator.comparingInt(d -> d.partitions.get()))
                    .orElseThrow();
            var log = SegmentedLog.open(dir.path.resolve(dirName(tp)), tp, config, time, scheduler, 0L, 0L, 0L, true);
            dirOf.put(tp, dir);
            dir.partitions.incrementAndGet();
            logs.put(tp, log);
            return log;
        }
    }

    public Optional<PartitionLog> get(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<PartitionLog> all() {
        return List.copyOf(logs.values());
    }

    /** The log directory holding {@code tp}'s log. */
    public Optional<Path> logDirOf(TopicPartition tp) {
        return Optional.ofNullable(dirOf.get(tp)).map(d -> d.path);
    }

    /**
     * Removes a partition's log: its directory is renamed to {@code <topic>-<partition>.<uuid>-delete} at once
     * (so a new log of the same partition can be created) and deleted after {@code file.delete.delay.ms}.
     *
     * @throws KafkaStorageException once the store is closed: the directories were checkpointed and marked clean
     *     as they are, and a directory renamed now would be purged, data and all, by the next start
     */
    public synchronized void delete(TopicPartition tp) {
        ensureOpen();
        var log = logs.remove(tp);
        var dir = dirOf.remove(tp);
        if (log == null) {
            return;
        }
        dir.partitions.decrementAndGet();
        log.closeHandlers();
        var target = dir.path.resolve(
                dirName(tp) + "." + UUID.randomUUID().toString().replace("-", "") + DELETE_DIR_SUFFIX);
        try {
            Files.move(log.dir(), target);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot rename " + log.dir() + " for deletion: " + e, e);
        }
        scheduler.schedule(() -> deleteRecursively(target), log.config().fileDeleteDelayMs(), TimeUnit.MILLISECONDS);
    }

    /** Writes the recovery points, log start offsets and high watermarks of every log to each directory. */
    public void checkpoint() {
        for (LogDir dir : dirs) {
            var recoveryPoints = new HashMap<TopicPartition, Long>();
            var startOffsets = new HashMap<TopicPartition, Long>();
            var highWatermarks = new HashMap<TopicPartition, Long>();
            dirOf.forEach((tp, d) -> {
                var log = logs.get(tp);
                if (d == dir && log != null) {
                    recoveryPoints.put(tp, log.recoveryPoint());
                    startOffsets.put(tp, log.logStartOffset());
                    highWatermarks.put(tp, log.highWatermark());
                }
            });
            dir.recoveryPoints.write(recoveryPoints);
            dir.logStartOffsets.write(startOffsets);
            dir.highWatermarks.write(highWatermarks);
        }
    }

    private void retentionCheck() {
        for (var log : logs.values()) {
            try {
                log.deleteRetainedSegments();
                log.expireProducers();
            } catch (RuntimeException e) {
                LOG.error("Retention check of {} failed", log.topicPartition(), e);
            }
        }
    }

    private void flushCheck() {
        for (var log : logs.values()) {
            try {
                log.flushIfDue();
            } catch (RuntimeException e) {
                LOG.error("Flush of {} failed", log.topicPartition(), e);
            }
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            LOG.error("Checkpoint failed", e);
        }
    }

    /**
     * Stops the periodic tasks, closes every log (flushed, indexes trimmed, producer snapshots written),
     * checkpoints and writes the clean-shutdown marker of each directory.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        tasks.forEach(task -> task.cancel(false));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var closes = new ArrayList<Future<?>>();
            for (var log : logs.values()) {
                closes.add(pool.submit(log::close));
            }
            for (var close : closes) {
                close.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStorageException("Interrupted while closing logs", e);
        } catch (ExecutionException e) {
            // No marker: the next start must recover.
            dirs.forEach(LogDir::unlock);
            throw new KafkaStorageException("Cannot close logs cleanly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        checkpoint();
        for (LogDir dir : dirs) {
            try {
                Files.write(dir.path.resolve(CLEAN_SHUTDOWN_FILE), new byte[0]);
                fsyncDirectory(dir.path);
            } catch (IOException e) {
                throw new KafkaStorageException("Cannot write the clean shutdown marker of " + dir.path, e);
            } finally {
                dir.unlock();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaStorageException("The log store is closed");
        }
    }

    static String dirName(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }

    /** {@code <topic>-<partition>} → the partition; empty for other names. */
    static Optional<TopicPartition> parseTopicPartition(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return Optional.empty();
        }
        String topic = name.substring(0, dash);
        String partition = name.substring(dash + 1);
        for (int i = 0; i < partition.length(); i++) {
            if (!Character.isDigit(partition.charAt(i))) {
                return Optional.empty();
            }
        }
        if (topic.contains(".") && name.endsWith(DELETE_DIR_SUFFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TopicPartition(topic, Integer.parseInt(partition)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Path> subdirectories(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot list log directory " + dir + ": " + e, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", dir, e.toString());
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** One log directory: its checkpoint files and its lock. */
    private static final class LogDir {
        final Path path;
        final OffsetCheckpointFile recoveryPoints;
        final OffsetCheckpointFile logStartOffsets;
        final OffsetCheckpointFile highWatermarks;
        final AtomicInteger partitions = new AtomicInteger();
        private final FileChannel lockChannel;
        private final FileLock lock;

        private LogDir(Path path, FileChannel lockChannel, FileLock lock) {
            this.path = path;
            this.lockChannel = lockChannel;
            this.lock = lock;
            this.recoveryPoints =
                    new OffsetCheckpointFile(path.resolve(OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT));
            this.logStartOffsets =
                    new OffsetCheckpointFile(path.resolve(OffsetCheckpointFile.LOG_START_OFFSET_CHECKPOINT));
            this.highWatermarks =
                    new OffsetCheckpointFile(path.resolve(OffsetCheckpointFile.REPLICATION_OFFSET_CHECKPOINT));
        }

        static LogDir open(Path path, DirLock dirLock) {
            try {
                Files.createDirectories(path);
                if (dirLock == DirLock.HELD_BY_CALLER) {
                    return new LogDir(path, null, null);
                }
                var channel =
                        FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    throw new KafkaStorageException("Log directory " + path + " is in use by another store");
                }
                return new LogDir(path, channel, lock);
            } catch (IOException e) {
                throw new KafkaStorageException("Cannot open log directory " + path + ": " + e, e);
            }
        }

        void unlock() {
            if (lock == null) {
                return;
            }
            try {
                if (lock.isValid()) {
                    lock.release();
                }
                lockChannel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unlock " + path, e);
            }
        }
    }
}
