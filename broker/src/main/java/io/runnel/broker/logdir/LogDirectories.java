package io.runnel.broker.logdir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's log dirs, each held under an exclusive lock on its {@code .lock} file for as long as the broker
 * runs, so that two brokers (in two processes or one) never share a log dir, as Kafka's LogManager ensures.
 *
 * <p>On disk: {@code <logdir>/.lock} is an empty file; only the OS file lock on it matters, so a lock file left by
 * a crashed broker does not block the next start. The OS releases the lock when the process dies.
 */
public final class LogDirectories implements AutoCloseable {

    public static final String LOCK_FILE_NAME = ".lock";

    private static final Logger log = LoggerFactory.getLogger(LogDirectories.class);

    private final List<Path> dirs;
    private final List<FileChannel> lockChannels;

    private LogDirectories(List<Path> dirs, List<FileChannel> lockChannels) {
        this.dirs = List.copyOf(dirs);
        this.lockChannels = lockChannels;
    }

    /**
     * Creates any missing log dir and locks each one; on failure releases the locks already taken.
     *
     * @throws LogDirException naming the dir, if one cannot be created or is locked by another broker
     */
    public static LogDirectories lock(List<Path> dirs) {
        var channels = new ArrayList<FileChannel>();
        try {
            for (Path dir : dirs) {
                channels.add(lockOne(dir));
            }
        } catch (RuntimeException e) {
            channels.forEach(LogDirectories::closeQuietly);
            throw e;
        }
        return new LogDirectories(dirs, channels);
    }

    private static FileChannel lockOne(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LogDirException("cannot create log dir " + dir + ": " + e, e);
        }
        Path lockFile = dir.resolve(LOCK_FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LogDirException("cannot open lock file " + lockFile + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another broker in this JVM
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LogDirException("cannot lock " + lockFile + ": " + e, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new LogDirException("log dir " + dir + " is in use by another broker (" + lockFile
                    + " is locked); each broker" + " needs its own log.dirs");
        }
        return channel;
    }

    public List<Path> dirs() {
        return dirs;
    }

    /**
     * The {@code meta.properties} of each dir, in configured order; empty for a dir that has none yet.
     *
     * @throws LogDirException naming the file, for an unreadable or invalid one
     */
    public Map<Path, Optional<MetaProperties>> readMetaProperties() {
        var result = new LinkedHashMap<Path, Optional<MetaProperties>>();
        for (Path dir : dirs) {
            result.put(dir, MetaProperties.read(dir));
        }
        return result;
    }

    /** Writes {@code meta} to every dir whose {@code meta.properties} is missing or different. */
    public void writeMetaProperties(MetaProperties meta) {
        readMetaProperties().forEach((dir, stored) -> {
            if (!stored.equals(Optional.of(meta))) {
                meta.write(dir);
                log.info("Wrote {} in {}: {}", MetaProperties.FILE_NAME, dir, meta);
            }
        });
    }

    /** Releases every lock. */
    @Override
    public void close() {
        lockChannels.forEach(LogDirectories::closeQuietly);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close(); // also releases the lock
        } catch (IOException e) {
            log.warn("Failed to close a log dir lock file", e);
        }
    }
}
