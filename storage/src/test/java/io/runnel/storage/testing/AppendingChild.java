package io.runnel.storage.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import io.runnel.storage.LogConfig;
import io.runnel.storage.log.LogStore;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;

/**
 * A process that appends to a log until it is killed, printing {@code ACK <first> <last> <i>} on stdout after
 * append {@code i} returned: what a broker would have acknowledged. Run by KillNineTest.
 */
public final class AppendingChild {

    public static final TopicPartition TP = new TopicPartition("crash", 0);

    /** Small segments so that the process is killed amid rolls too. */
    public static final LogConfig CONFIG = LogConfig.of(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, 16 * 1024));

    private AppendingChild() {}

    /** The records of append {@code i}: 1-5 records, alternating codecs, deterministic keys and values. */
    public static MemoryRecords batch(int i, long timestamp) {
        int count = 1 + i % 5;
        var records = new SimpleRecord[count];
        for (int j = 0; j < count; j++) {
            records[j] = new SimpleRecord(
                    timestamp,
                    ("k-" + i + "-" + j).getBytes(StandardCharsets.UTF_8),
                    ("v-" + i + "-" + j + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8));
        }
        var compression =
                switch (i % 3) {
                    case 0 -> Compression.NONE;
                    case 1 -> Compression.gzip().build();
                    default -> Compression.lz4().build();
                };
        return MemoryRecords.withRecords(compression, records);
    }

    public static void main(String[] args) {
        var scheduler = Executors.newScheduledThreadPool(1);
        var store = LogStore.open(List.of(Path.of(args[0])), CONFIG, Time.SYSTEM, scheduler, 1);
        var log = store.getOrCreate(TP, CONFIG);
        int start = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        for (int i = start; ; i++) {
            var result = log.appendAsLeader(batch(i, System.currentTimeMillis()), 0);
            System.out.println("ACK " + result.firstOffset() + " " + result.lastOffset() + " " + i);
            System.out.flush();
        }
    }
}
