package io.runnel.storage.producer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import io.runnel.storage.checkpoint.AtomicFileWriter;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * A producer-state snapshot: the state of every producer id at a log offset, in a file
 * {@code <offset, 20 digits zero-padded>.snapshot} in the partition directory. Same bytes as Kafka's version 1
 * snapshot, so a Kafka broker and Runnel can read each other's files.
 *
 * <p>Format (big-endian):
 *
 * <pre>
 * offset  size  field
 *  0      2     version                   int16, 1
 *  2      4     crc                       uint32, CRC32C of every byte from offset 6 to the end of the file
 *  6      4     entry count N             int32
 * 10      46*N  entries, each:
 *                 producer_id               int64
 *                 epoch                     int16
 *                 last_sequence             int32  (-1 when the producer has no data batch)
 *                 last_offset               int64  (-1 when the producer has no data batch)
 *                 offset_delta              int32  last_offset - first offset of its last batch (= sequence span)
 *                 timestamp                 int64  max timestamp of its last write
 *                 coordinator_epoch         int32
 *                 current_txn_first_offset  int64  (-1 when no transaction is ongoing)
 * </pre>
 *
 * Like Kafka's, a snapshot keeps only each producer's last batch: after a reload, a retry of an older in-flight batch
 * is answered as out of order rather than as a duplicate. A file whose size does not match N, whose version is
 * unknown or whose CRC does not match is reported as {@link CorruptSnapshotException}.
 */
public final class ProducerSnapshotFile {

    public static final String SUFFIX = ".snapshot";
    static final short VERSION = 1;

    private static final int CRC_OFFSET = 2;
    private static final int ENTRIES_OFFSET = 6;
    private static final int HEADER_SIZE = ENTRIES_OFFSET + 4;
    private static final int ENTRY_SIZE = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.snapshot");

    private ProducerSnapshotFile() {}

    /** The snapshot file of {@code offset} in {@code dir}. */
    public static Path path(Path dir, long offset) {
        return dir.resolve(String.format("%020d", offset) + SUFFIX);
    }

    /** The offset a snapshot file name stands for; empty for any other file (including a leftover temp file). */
    public static OptionalLong offsetOf(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Writes {@code entries} atomically as {@code file}. */
    public static void write(Path file, Collection<ProducerStateEntry> entries) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE + ENTRY_SIZE * entries.size());
        buffer.putShort(VERSION);
        buffer.putInt(0); // the CRC, filled in below
        buffer.putInt(entries.size());
        for (ProducerStateEntry entry : entries) {
            BatchMetadata last = entry.lastBatch().orElse(null);
            buffer.putLong(entry.producerId());
            buffer.putShort(entry.producerEpoch());
            buffer.putInt(last == null ? RecordBatch.NO_SEQUENCE : last.lastSeq());
            buffer.putLong(last == null ? -1L : last.lastOffset());
            buffer.putInt(last == null ? 0 : last.offsetDelta());
            buffer.putLong(entry.lastTimestamp());
            buffer.putInt(entry.coordinatorEpoch());
            buffer.putLong(entry.currentTxnFirstOffset().orElse(-1L));
        }
        buffer.putInt(CRC_OFFSET, (int) crc(buffer.array(), ENTRIES_OFFSET, buffer.capacity() - ENTRIES_OFFSET));
        AtomicFileWriter.write(file, out -> out.write(buffer.array()));
    }

    /**
     * Reads the entries of a snapshot.
     *
     * @throws CorruptSnapshotException when the file fails its size, version or CRC check
     * @throws IOException when it cannot be read
     */
    public static List<ProducerStateEntry> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_SIZE) {
            throw new CorruptSnapshotException(file, "size " + bytes.length + " is below the header size");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        short version = buffer.getShort();
        if (version != VERSION) {
            throw new CorruptSnapshotException(file, "unsupported version " + version);
        }
        long storedCrc = Integer.toUnsignedLong(buffer.getInt());
        int count = buffer.getInt();
        if (count < 0 || (long) count * ENTRY_SIZE != bytes.length - HEADER_SIZE) {
            throw new CorruptSnapshotException(
                    file, "entry count " + count + " does not match the file size " + bytes.length);
        }
        long computedCrc = crc(bytes, ENTRIES_OFFSET, bytes.length - ENTRIES_OFFSET);
        if (storedCrc != computedCrc) {
            throw new CorruptSnapshotException(
                    file, "CRC " + storedCrc + " does not match the computed " + computedCrc);
        }
        List<ProducerStateEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long producerId = buffer.getLong();
            short epoch = buffer.getShort();
            int lastSeq = buffer.getInt();
            long lastOffset = buffer.getLong();
            int offsetDelta = buffer.getInt();
            long timestamp = buffer.getLong();
            int coordinatorEpoch = buffer.getInt();
            long txnFirstOffset = buffer.getLong();
            List<BatchMetadata> batches = lastOffset >= 0
                    ? List.of(new BatchMetadata(
                            decrementSequence(lastSeq, offsetDelta),
                            lastSeq,
                            lastOffset - offsetDelta,
                            lastOffset,
                            timestamp))
                    : List.of();
            entries.add(new ProducerStateEntry(
                    producerId,
                    epoch,
                    batches,
                    coordinatorEpoch,
                    txnFirstOffset >= 0 ? OptionalLong.of(txnFirstOffset) : OptionalLong.empty(),
                    timestamp));
        }
        return entries;
    }

    /** {@code sequence - delta} in the producer's sequence space, which wraps from Integer.MAX_VALUE to 0. */
    static int decrementSequence(int sequence, int delta) {
        if (sequence < delta) {
            return Integer.MAX_VALUE - (delta - sequence) + 1;
        }
        return sequence - delta;
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
