package io.runnel.storage.producer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Builds single record batches, as a producer or the transaction coordinator would send them. */
final class Batches {

    /** Where the v2 batch header holds the base sequence (Kafka's DefaultRecordBatch layout). */
    private static final int BASE_SEQUENCE_OFFSET = 53;

    private Batches() {}

    static RecordBatch idempotent(long baseOffset, long producerId, short epoch, int baseSequence, int count, long ts) {
        return first(MemoryRecords.withIdempotentRecords(
                baseOffset, Compression.NONE, producerId, epoch, baseSequence, 0, records(count, ts)));
    }

    /** An idempotent batch whose base sequence field says "none", which the client's builder refuses to build. */
    static RecordBatch idempotentWithoutSequence(long baseOffset, long producerId, short epoch, long ts) {
        MemoryRecords records = MemoryRecords.withIdempotentRecords(
                baseOffset, Compression.NONE, producerId, epoch, 0, 0, records(1, ts));
        ByteBuffer buffer = records.buffer().duplicate();
        buffer.putInt(BASE_SEQUENCE_OFFSET, RecordBatch.NO_SEQUENCE);
        return first(MemoryRecords.readableRecords(buffer));
    }

    static RecordBatch transactional(
            long baseOffset, long producerId, short epoch, int baseSequence, int count, long ts) {
        return first(MemoryRecords.withTransactionalRecords(
                baseOffset, Compression.NONE, producerId, epoch, baseSequence, 0, records(count, ts)));
    }

    static RecordBatch marker(
            long offset, long producerId, short epoch, ControlRecordType type, int coordinatorEpoch, long ts) {
        return first(MemoryRecords.withEndTransactionMarker(
                offset, ts, 0, producerId, epoch, new EndTransactionMarker(type, coordinatorEpoch)));
    }

    static RecordBatch plain(long baseOffset, int count, long ts) {
        return first(MemoryRecords.withRecords(baseOffset, Compression.NONE, records(count, ts)));
    }

    private static SimpleRecord[] records(int count, long ts) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(ts, null, ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    private static RecordBatch first(MemoryRecords records) {
        return records.batches().iterator().next();
    }
}
