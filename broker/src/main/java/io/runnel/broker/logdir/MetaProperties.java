package io.runnel.broker.logdir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * A log dir's identity file, {@code meta.properties}, in Kafka's ZooKeeper-mode format (version 0), so a broker
 * never serves another broker's or another cluster's data.
 *
 * <p>On disk: a Java properties file (ISO-8859-1, {@code #} comments) with
 *
 * <ul>
 *   <li>{@code version=0}: required; Kafka's KRaft mode writes version 1, which Runnel refuses;
 *   <li>{@code broker.id=<int>}: required;
 *   <li>{@code cluster.id=<string>}: optional, as in Kafka's version 0 (older brokers wrote none); filled in once
 *       the cluster id is known.
 * </ul>
 *
 * It is replaced atomically (written to {@code meta.properties.tmp}, fsynced, renamed, directory fsynced), so a
 * crash leaves either the old or the new file, never a torn one.
 */
public record MetaProperties(int brokerId, Optional<String> clusterId) {

    public static final String FILE_NAME = "meta.properties";
    public static final int VERSION = 0;

    private static final String VERSION_KEY = "version";
    private static final String BROKER_ID_KEY = "broker.id";
    private static final String CLUSTER_ID_KEY = "cluster.id";

    /**
     * Reads {@code dir/meta.properties}.
     *
     * @return empty if the file does not exist
     * @throws LogDirException naming the file, if it cannot be read or is not a valid version 0 file
     */
    public static Optional<MetaProperties> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        var props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new LogDirException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String version = props.getProperty(VERSION_KEY);
        if (version == null) {
            throw new LogDirException(file + " has no " + VERSION_KEY);
        }
        if (!version.trim().equals(String.valueOf(VERSION))) {
            throw new LogDirException(file + " has " + VERSION_KEY + "=" + version.trim()
                    + "; Runnel reads only version 0 (Kafka ZooKeeper mode; version 1 is KRaft)");
        }
        String brokerId = props.getProperty(BROKER_ID_KEY);
        if (brokerId == null) {
            throw new LogDirException(file + " has no " + BROKER_ID_KEY);
        }
        int id;
        try {
            id = Integer.parseInt(brokerId.trim());
        } catch (NumberFormatException e) {
            throw new LogDirException(file + " has an invalid " + BROKER_ID_KEY + "=" + brokerId.trim());
        }
        String clusterId = props.getProperty(CLUSTER_ID_KEY);
        return Optional.of(new MetaProperties(
                id, Optional.ofNullable(clusterId).map(String::trim).filter(s -> !s.isEmpty())));
    }

    /**
     * Replaces {@code dir/meta.properties} with this identity, atomically and durably.
     *
     * @throws LogDirException naming the file, if it cannot be written
     */
    public void write(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        var props = new Properties();
        props.setProperty(VERSION_KEY, String.valueOf(VERSION));
        props.setProperty(BROKER_ID_KEY, String.valueOf(brokerId));
        clusterId.ifPresent(id -> props.setProperty(CLUSTER_ID_KEY, id));
        try {
            try (FileChannel channel = FileChannel.open(
                            tmp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                props.store(out, "Runnel broker identity; do not edit");
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new LogDirException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void fsyncDirectory(Path dir) {
        // Makes the rename durable. Some platforms cannot open a directory for fsync; the rename is still atomic.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort, as Kafka's Utils.flushDir
        }
    }
}
