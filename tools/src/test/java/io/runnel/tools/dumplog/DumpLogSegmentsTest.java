package io.runnel.tools.dumplog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.runnel.tools.cli.ToolRun;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DumpLogSegmentsTest {

    @TempDir
    Path dir;

    private static ToolRun dump(String... args) {
        return ToolRun.of(new DumpLogSegments(), args);
    }

    /** Three batches: offsets 0-1 (t=1000), 2 (t=2000), 3-5 (t=3000); index entries for the last two. */
    private SegmentFiles threeBatches() {
        var segment = new SegmentFiles(dir)
                .batch(Compression.NONE, 1000, "a", "hello", null, "world")
                .batch(Compression.NONE, 2000, "b", "second")
                .batch(Compression.NONE, 3000, "c", "x", "d", "y", "e", "z");
        segment.write();
        return segment;
    }

    private static MutableRecordBatch batch(SegmentFiles segment, int index) {
        return segment.batches().get(index).batches().iterator().next();
    }

    @Test
    void printsOneLinePerBatchInKafkasFormat() {
        var segment = threeBatches();

        ToolRun run = dump("--files", segment.logFile().toString());

        var first = batch(segment, 0);
        int firstSize = first.sizeInBytes();
        assertThat(run.status()).isZero();
        assertThat(run.out().lines().toList())
                .containsExactly(
                        "Dumping " + segment.logFile(),
                        "Log starting offset: 0",
                        "baseOffset: 0 lastOffset: 1 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1"
                                + " producerEpoch: -1 partitionLeaderEpoch: -1 isTransactional: false isControl: false"
                                + " deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1000 size: " + firstSize
                                + " magic: 2 compresscodec: none crc: " + first.checksum() + " isvalid: true",
                        "baseOffset: 2 lastOffset: 2 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1"
                                + " producerEpoch: -1 partitionLeaderEpoch: -1 isTransactional: false isControl: false"
                                + " deleteHorizonMs: OptionalLong.empty position: " + firstSize + " CreateTime: 2000"
                                + " size: " + batch(segment, 1).sizeInBytes() + " magic: 2 compresscodec: none crc: "
                                + batch(segment, 1).checksum() + " isvalid: true",
                        run.out().lines().toList().get(4));
        assertThat(run.out().lines().toList().get(4)).startsWith("baseOffset: 3 lastOffset: 5 count: 3");
    }

    @Test
    void printDataLogAddsEachRecordWithKeyAndPayload() {
        var segment = threeBatches();

        ToolRun run = dump("--files", segment.logFile().toString(), "--print-data-log");

        assertThat(run.out().lines().filter(line -> line.startsWith("|")).toList())
                .containsExactly(
                        "| offset: 0 CreateTime: 1000 keySize: 1 valueSize: 5 sequence: -1 headerKeys: [] key: a"
                                + " payload: hello",
                        "| offset: 1 CreateTime: 1000 keySize: -1 valueSize: 5 sequence: -1 headerKeys: []"
                                + " payload: world",
                        "| offset: 2 CreateTime: 2000 keySize: 1 valueSize: 6 sequence: -1 headerKeys: [] key: b"
                                + " payload: second",
                        "| offset: 3 CreateTime: 3000 keySize: 1 valueSize: 1 sequence: -1 headerKeys: [] key: c"
                                + " payload: x",
                        "| offset: 4 CreateTime: 3000 keySize: 1 valueSize: 1 sequence: -1 headerKeys: [] key: d"
                                + " payload: y",
                        "| offset: 5 CreateTime: 3000 keySize: 1 valueSize: 1 sequence: -1 headerKeys: [] key: e"
                                + " payload: z");
    }

    @Test
    void deepIterationListsRecordsWithoutTheirData() {
        var segment = threeBatches();

        ToolRun run = dump("--files", segment.logFile().toString(), "--deep-iteration");

        assertThat(run.out().lines().filter(line -> line.startsWith("|")).toList())
                .hasSize(6)
                .first()
                .isEqualTo("| offset: 0 CreateTime: 1000 keySize: 1 valueSize: 5 sequence: -1 headerKeys: []");
    }

    @Test
    void compressedBatchShowsItsCodecAndItsRecords() {
        var segment = new SegmentFiles(dir).batch(Compression.gzip().build(), 5, "k", "v1", "k", "v2");
        segment.write();

        ToolRun run = dump("--files", segment.logFile().toString(), "--print-data-log");

        assertThat(run.out()).contains("compresscodec: gzip");
        assertThat(run.out().lines().filter(line -> line.startsWith("|")).toList())
                .hasSize(2)
                .last()
                .asString()
                .endsWith("key: k payload: v2");
    }

    @Test
    void recordHeadersAreListedByKey() {
        var segment = new SegmentFiles(dir)
                .batchWithHeaders(
                        7, "v", new RecordHeader("trace", new byte[] {1}), new RecordHeader("span", new byte[] {2}));
        segment.write();

        ToolRun run = dump("--files", segment.logFile().toString(), "--deep-iteration");

        assertThat(run.out()).contains("headerKeys: [trace,span]");
    }

    @Test
    void reportsTheTornTailOfALog() throws IOException {
        var segment = threeBatches();
        Files.write(segment.logFile(), new byte[7], StandardOpenOption.APPEND);

        ToolRun run = dump("--files", segment.logFile().toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).endsWith("Found 7 invalid bytes at the end of 00000000000000000000.log\n");
    }

    @Test
    void offsetIndexEntriesMatchTheirBatches() {
        var segment = threeBatches();
        int second = batch(segment, 0).sizeInBytes();
        int third = second + batch(segment, 1).sizeInBytes();

        ToolRun run = dump("--files", segment.indexFile().toString());

        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().toList())
                .containsExactly(
                        "Dumping " + segment.indexFile(),
                        "offset: 2 position: " + second,
                        "offset: 5 position: " + third);
    }

    @Test
    void detectsAnOffsetIndexEntryPointingAtTheWrongBatch() throws IOException {
        var segment = threeBatches();
        // Entry 1 (offset 5) now points at position 0, the first batch, whose last offset is 1.
        SegmentFiles.overwriteInt(segment.indexFile(), 8 + 4, 0);

        ToolRun run = dump("--files", segment.indexFile().toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().lines().toList())
                .containsExactly("Mismatches in :" + segment.indexFile(), "  Index offset: 5, log offset: 1");
    }

    @Test
    void verifyIndexOnlyReportsWithoutListingEntries() throws IOException {
        var segment = threeBatches();
        SegmentFiles.overwriteInt(segment.indexFile(), 4, 0);

        ToolRun run = dump("--files", segment.indexFile().toString(), "--verify-index-only");

        assertThat(run.out().lines().toList()).containsExactly("Dumping " + segment.indexFile());
        assertThat(run.err()).contains("Index offset: 2, log offset: 1");
    }

    @Test
    void timeIndexEntriesMatchTheirBatches() {
        var segment = threeBatches();

        ToolRun run = dump("--files", segment.timeIndexFile().toString());

        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().toList())
                .containsExactly(
                        "Dumping " + segment.timeIndexFile(), "timestamp: 2000 offset: 2", "timestamp: 3000 offset: 5");
    }

    @Test
    void detectsATimeIndexTimestampThatIsNotItsBatchs() throws IOException {
        var segment = threeBatches();
        SegmentFiles.overwriteLong(segment.timeIndexFile(), 12, 2500);

        ToolRun run = dump("--files", segment.timeIndexFile().toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().lines().toList())
                .containsExactly(
                        "Found timestamp mismatch in :" + segment.timeIndexFile(),
                        "  Index timestamp: 2500, log timestamp: 3000");
    }

    @Test
    void detectsATimeIndexOffsetThatEndsNoBatch() throws IOException {
        var segment = threeBatches();
        SegmentFiles.overwriteInt(segment.timeIndexFile(), 12 + 8, 4);

        ToolRun run = dump("--files", segment.timeIndexFile().toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().lines().toList())
                .containsExactly(
                        "The following indexed offsets are not found in the log.",
                        "Indexed offset: 4, found log offset: 5");
    }

    @Test
    void dumpsSeveralFilesInOneRun() {
        var segment = threeBatches();

        ToolRun run = dump("--files", segment.logFile() + "," + segment.indexFile() + "," + segment.timeIndexFile());

        assertThat(run.out().lines().filter(line -> line.startsWith("Dumping ")).toList())
                .containsExactly(
                        "Dumping " + segment.logFile(),
                        "Dumping " + segment.indexFile(),
                        "Dumping " + segment.timeIndexFile());
    }

    @Test
    void indexSanityCheckPassesForAnIndexWrittenByStorage() {
        var segment = threeBatches();

        ToolRun run = dump("--files", segment.indexFile().toString(), "--index-sanity-check");

        assertThat(run.out()).contains(segment.indexFile() + " passed sanity check.");
    }

    @Test
    void missingFileIsAUserError() {
        ToolRun run = dump("--files", dir.resolve("00000000000000000000.log").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("Error: File " + dir.resolve("00000000000000000000.log") + " does not exist");
    }

    @Test
    void filesIsRequired() {
        ToolRun run = dump("--print-data-log");

        assertThat(run.errLines()).containsExactly("Error: Missing required argument --files");
    }

    @Test
    void unknownFileKindIsSkippedWithANote() throws IOException {
        Path other = Files.writeString(dir.resolve("notes.txt"), "x", StandardCharsets.UTF_8);

        ToolRun run = dump("--files", other.toString());

        assertThat(run.status()).isZero();
        assertThat(run.errLines()).containsExactly("Ignoring unknown file " + other);
    }
}
