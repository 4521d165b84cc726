package io.runnel.storage.log;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.runnel.storage.FetchIsolation;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.testing.AppendingChild;
import io.runnel.storage.testing.Batches;
import io.runnel.storage.testing.ManualClock;
import io.runnel.storage.testing.ManualScheduler;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A process killed with SIGKILL in the middle of appending loses nothing it acknowledged and serves nothing bad. */
class KillNineTest {

    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path tmp;

    private record Ack(long firstOffset, long lastOffset, int index) {}

    @Test
    void everyAcknowledgedAppendSurvivesKillNine() throws Exception {
        var logDir = tmp.resolve("logs");
        var acks = new ArrayList<Ack>();
        runAndKill(logDir, 0, acks);
        // A second life after recovery, killed again: recovery must leave a log that can be appended to.
        runAndKill(logDir, acks.get(acks.size() - 1).index() + 1, acks);

        var clock = new ManualClock(System.currentTimeMillis());
        var store = LogStore.open(List.of(logDir), AppendingChild.CONFIG, clock, new ManualScheduler(clock), 1);
        try {
            var log = store.get(AppendingChild.TP).orElseThrow();
            for (var ack : acks) {
                var batch = firstBatch(log, ack.firstOffset());
                assertThat(batch.baseOffset()).as("ack %s", ack).isEqualTo(ack.firstOffset());
                assertThat(batch.lastOffset()).as("ack %s", ack).isEqualTo(ack.lastOffset());
                assertThat(contents(batch)).as("ack %s", ack).isEqualTo(expectedContents(ack.index()));
            }
            assertEverythingServedIsValid(log);
            assertThat(log.logEndOffset())
                    .isGreaterThan(acks.get(acks.size() - 1).lastOffset());
        } finally {
            store.close();
        }
    }

    private void runAndKill(Path logDir, int startIndex, List<Ack> acks) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        AppendingChild.class.getName(),
                        logDir.toString(),
                        Integer.toString(startIndex))
                .redirectError(tmp.resolve("child-" + startIndex + ".err").toFile())
                .start();
        int before = acks.size();
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    var parts = line.split(" ");
                    acks.add(new Ack(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Integer.parseInt(parts[3])));
                    if (acks.size() - before == ACKS_BEFORE_KILL) {
                        process.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acks.size() - before)
                .as("acknowledged appends (child stderr in %s)", tmp)
                .isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(process.exitValue()).isEqualTo(137);
    }

    private static RecordBatch firstBatch(PartitionLog log, long offset) {
        var records = log.read(offset, 1, FetchIsolation.LOG_END, true).records();
        var batch = records.batches().iterator().next();
        batch.ensureValid();
        return batch;
    }

    private static List<Batches.RecordContent> contents(RecordBatch batch) {
        var buffer = java.nio.ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(buffer);
        return withoutTimestamps(Batches.contents(MemoryRecords.readableRecords(buffer.flip())));
    }

    private static List<Batches.RecordContent> expectedContents(int index) {
        return withoutTimestamps(Batches.contents(AppendingChild.batch(index, Time.SYSTEM.milliseconds())));
    }

    private static List<Batches.RecordContent> withoutTimestamps(List<Batches.RecordContent> contents) {
        return contents.stream()
                .map(c -> new Batches.RecordContent(c.key(), c.value(), c.headers(), 0))
                .toList();
    }

    /** Reads the log from start to end: every batch valid, offsets increasing without gaps. */
    private static void assertEverythingServedIsValid(PartitionLog log) {
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            var records =
                    log.read(next, 64 * 1024, FetchIsolation.LOG_END, true).records();
            assertThat(records.sizeInBytes()).isPositive();
            for (RecordBatch batch : records.batches()) {
                batch.ensureValid();
                assertThat(batch.baseOffset()).isEqualTo(next);
                next = batch.nextOffset();
            }
        }
        assertThat(next).isEqualTo(log.logEndOffset());
    }
}
