package io.runnel.tools.dumplog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Utils;

/**
 * Prints a segment's {@code .log} file as Kafka's {@code DumpLogSegments} does: one line per batch
 * ({@code baseOffset: 0 lastOffset: 2 count: 3 ... position: 0 CreateTime: ... size: ... magic: 2 compresscodec:
 * none crc: ... isvalid: true}) and, with deep iteration, one line per record ({@code | offset: 0 CreateTime: ...
 * keySize: ... valueSize: ... sequence: ... headerKeys: [] key: ... payload: ...}); keys and payloads (with
 * {@code --print-data-log}) are printed as UTF-8 text.
 *
 * <p>Bytes after the last whole batch (a torn write) are counted and reported, not treated as an error: that is
 * the state recovery repairs, and what an operator runs this tool to see.
 */
final class LogFileDump {

    private final boolean deepIteration;
    private final boolean printData;
    private final boolean skipRecordMetadata;

    LogFileDump(boolean deepIteration, boolean printData, boolean skipRecordMetadata) {
        this.deepIteration = deepIteration || printData;
        this.printData = printData;
        this.skipRecordMetadata = skipRecordMetadata;
    }

    /**
     * Dumps {@code file} to {@code out}.
     *
     * @return pairs of consecutive record offsets that do not follow each other (deep iteration only)
     */
    List<long[]> dump(Path file, PrintStream out) throws IOException {
        String name = file.getFileName().toString();
        out.println("Log starting offset: " + baseOffsetOf(name));
        var nonConsecutive = new ArrayList<long[]>();
        try (FileRecords records = FileRecords.open(file.toFile(), false)) {
            long validBytes = 0;
            long lastOffset = -1;
            try {
                for (FileChannelRecordBatch batch : records.batches()) {
                    out.println(batchLine(batch, validBytes));
                    if (deepIteration) {
                        for (Record record : batch) {
                            if (lastOffset != -1 && record.offset() != lastOffset + 1) {
                                nonConsecutive.add(new long[] {lastOffset, record.offset()});
                            }
                            lastOffset = record.offset();
                            out.println(recordLine(batch, record));
                        }
                    }
                    validBytes += batch.sizeInBytes();
                }
            } catch (KafkaException e) {
                // A corrupt or torn batch ends the readable part of the file; the remainder is reported below.
            }
            long trailing = records.sizeInBytes() - validBytes;
            if (trailing > 0) {
                out.println("Found " + trailing + " invalid bytes at the end of " + name);
            }
        }
        return nonConsecutive;
    }

    static long baseOffsetOf(String fileName) {
        try {
            return Long.parseLong(fileName.substring(0, fileName.indexOf('.')));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return 0;
        }
    }

    static String batchLine(RecordBatch batch, long position) {
        var line = new StringBuilder();
        if (batch.magic() >= RecordBatch.MAGIC_VALUE_V2) {
            line.append("baseOffset: ")
                    .append(batch.baseOffset())
                    .append(" lastOffset: ")
                    .append(batch.lastOffset())
                    .append(" count: ")
                    .append(batch.countOrNull())
                    .append(" baseSequence: ")
                    .append(batch.baseSequence())
                    .append(" lastSequence: ")
                    .append(batch.lastSequence())
                    .append(" producerId: ")
                    .append(batch.producerId())
                    .append(" producerEpoch: ")
                    .append(batch.producerEpoch())
                    .append(" partitionLeaderEpoch: ")
                    .append(batch.partitionLeaderEpoch())
                    .append(" isTransactional: ")
                    .append(batch.isTransactional())
                    .append(" isControl: ")
                    .append(batch.isControlBatch())
                    .append(" deleteHorizonMs: ")
                    .append(batch.deleteHorizonMs());
        } else {
            line.append("offset: ").append(batch.lastOffset());
        }
        line.append(" position: ")
                .append(position)
                .append(' ')
                .append(batch.timestampType())
                .append(": ")
                .append(batch.maxTimestamp())
                .append(" size: ")
                .append(batch.sizeInBytes())
                .append(" magic: ")
                .append(batch.magic())
                .append(" compresscodec: ")
                .append(batch.compressionType().name)
                .append(" crc: ")
                .append(batch.checksum())
                .append(" isvalid: ")
                .append(batch.isValid());
        return line.toString();
    }

    String recordLine(RecordBatch batch, Record record) {
        var line = new StringBuilder();
        String prefix = "| ";
        if (!skipRecordMetadata) {
            line.append(prefix)
                    .append("offset: ")
                    .append(record.offset())
                    .append(' ')
                    .append(batch.timestampType())
                    .append(": ")
                    .append(record.timestamp())
                    .append(" keySize: ")
                    .append(record.keySize())
                    .append(" valueSize: ")
                    .append(record.valueSize());
            prefix = " ";
            // Kafka 4 clients no longer model v0/v1 record checksums; those records print without them.
            if (batch.magic() >= RecordBatch.MAGIC_VALUE_V2) {
                line.append(" sequence: ")
                        .append(record.sequence())
                        .append(" headerKeys: ")
                        .append(java.util.Arrays.stream(record.headers())
                                .map(Header::key)
                                .collect(Collectors.joining(",", "[", "]")));
            }
            if (batch.isControlBatch()) {
                line.append(controlDescription(record));
            }
        }
        if (printData && !batch.isControlBatch()) {
            if (record.hasKey()) {
                line.append(prefix).append("key: ").append(text(record.key()));
            }
            if (record.hasValue()) {
                line.append(" payload: ").append(text(record.value()));
            }
        }
        return line.toString();
    }

    private static String controlDescription(Record record) {
        short typeId = ControlRecordType.parseTypeId(record.key());
        ControlRecordType type = ControlRecordType.fromTypeId(typeId);
        if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
            EndTransactionMarker marker = EndTransactionMarker.deserialize(record);
            return " endTxnMarker: " + marker.controlType() + " coordinatorEpoch: " + marker.coordinatorEpoch();
        }
        return " controlType: " + type + "(" + typeId + ")";
    }

    private static String text(ByteBuffer buffer) {
        return new String(Utils.readBytes(buffer), StandardCharsets.UTF_8);
    }
}
