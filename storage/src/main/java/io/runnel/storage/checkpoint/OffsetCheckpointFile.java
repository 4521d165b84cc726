package io.runnel.storage.checkpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.common.TopicPartition;

/**
 * A per-log-directory map from partition to offset, in Kafka's format, so a Kafka broker and Runnel read each
 * other's files. Used for {@code recovery-point-offset-checkpoint}, {@code log-start-offset-checkpoint} and
 * {@code replication-offset-checkpoint} (high watermarks).
 *
 * <p>Format ({@link CheckpointFile} version 0):
 *
 * <pre>
 * 0
 * &lt;number of entries&gt;
 * &lt;topic&gt; &lt;partition&gt; &lt;offset&gt;      one line per partition, fields separated by one space
 * </pre>
 *
 * Topic names cannot contain whitespace (Kafka allows only {@code [a-zA-Z0-9._-]}), so the split is unambiguous; on
 * reading, any run of whitespace separates fields, as Kafka accepts.
 */
public final class OffsetCheckpointFile {

    public static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    public static final String REPLICATION_OFFSET_CHECKPOINT = "replication-offset-checkpoint";

    static final int VERSION = 0;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final CheckpointFile<Map.Entry<TopicPartition, Long>> checkpoint;

    public OffsetCheckpointFile(Path file) {
        this.checkpoint = new CheckpointFile<>(file, VERSION, new Format());
    }

    public Path file() {
        return checkpoint.file();
    }

    /**
     * The offsets in the file; empty when it does not exist. A partition listed twice keeps its last offset.
     *
     * @throws CorruptCheckpointException naming the file and line, when the content does not parse
     */
    public Map<TopicPartition, Long> read() {
        List<Map.Entry<TopicPartition, Long>> entries = checkpoint.read();
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>(Math.max(16, entries.size() * 2));
        for (Map.Entry<TopicPartition, Long> entry : entries) {
            offsets.put(entry.getKey(), entry.getValue());
        }
        return offsets;
    }

    /** Atomically replaces the file with {@code offsets}. */
    public void write(Map<TopicPartition, Long> offsets) {
        checkpoint.write(List.copyOf(offsets.entrySet()));
    }

    private static final class Format implements CheckpointFile.EntryFormat<Map.Entry<TopicPartition, Long>> {
        @Override
        public String toLine(Map.Entry<TopicPartition, Long> entry) {
            TopicPartition tp = entry.getKey();
            if (tp.topic().isEmpty() || WHITESPACE.matcher(tp.topic()).find()) {
                throw new IllegalArgumentException("Topic name '" + tp.topic() + "' cannot be checkpointed");
            }
            return tp.topic() + ' ' + tp.partition() + ' ' + entry.getValue();
        }

        @Override
        public Map.Entry<TopicPartition, Long> fromLine(String line) {
            String[] fields = WHITESPACE.split(line.trim());
            if (fields.length != 3 || fields[0].isEmpty()) {
                throw new IllegalArgumentException("expected 'topic partition offset'");
            }
            int partition = Integer.parseInt(fields[1]);
            if (partition < 0) {
                throw new IllegalArgumentException("negative partition " + partition);
            }
            long offset = Long.parseLong(fields[2]);
            return Map.entry(new TopicPartition(fields[0], partition), offset);
        }
    }
}
