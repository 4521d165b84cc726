package io.runnel.storage.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The aborted-transaction index of a segment ({@code <baseOffset>.txnindex}), byte-compatible with Kafka's.
 *
 * <p>Format: a sequence of 34-byte entries, big-endian, no header, one per transaction aborted in the segment,
 * in the order the abort markers were written:
 *
 * <pre>
 *   version          int16   0
 *   producerId       int64
 *   firstOffset      int64   first offset of the aborted transaction (may lie in an earlier segment)
 *   lastOffset       int64   offset of the abort marker
 *   lastStableOffset int64   the partition's last stable offset when the marker was written
 * </pre>
 *
 * The file is created on the first abort only, and opened per operation: most segments never have one, and
 * aborts are rare enough that an open descriptor per segment would cost more than it saves.
 */
public final class TransactionIndex {

    public static final int ENTRY_SIZE = 34;
    private static final short VERSION = 0;

    /** One aborted transaction. */
    public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {}

    private final long baseOffset;
    private volatile Path file;
    private long lastOffset = -1;

    public TransactionIndex(Path file, long baseOffset) {
        this.file = file;
        this.baseOffset = baseOffset;
    }

    public Path file() {
        return file;
    }

    public synchronized void append(AbortedTxn txn) {
        if (txn.lastOffset() < baseOffset || txn.lastOffset() <= lastOffset) {
            throw new IllegalArgumentException(
                    "Aborted transaction " + txn + " is out of order in " + file + " (last offset " + lastOffset + ")");
        }
        var buffer = ByteBuffer.allocate(ENTRY_SIZE)
                .putShort(VERSION)
                .putLong(txn.producerId())
                .putLong(txn.firstOffset())
                .putLong(txn.lastOffset())
                .putLong(txn.lastStableOffset())
                .flip();
        try (var channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + file, e);
        }
        lastOffset = txn.lastOffset();
    }

    /** Every entry, in file order. */
    public synchronized List<AbortedTxn> allAbortedTxns() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            var bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            if (bytes.remaining() % ENTRY_SIZE != 0) {
                throw new CorruptIndexException("Transaction index " + file + " has size " + bytes.remaining()
                        + " which is not a multiple of " + ENTRY_SIZE);
            }
            var result = new ArrayList<AbortedTxn>(bytes.remaining() / ENTRY_SIZE);
            while (bytes.hasRemaining()) {
                short version = bytes.getShort();
                if (version != VERSION) {
                    throw new CorruptIndexException(
                            "Transaction index " + file + " has an entry of unknown version " + version);
                }
                result.add(new AbortedTxn(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** The transactions aborted in [fetchOffset, upperBoundOffset): those a read_committed fetch must skip. */
    public List<AbortedTxn> abortedTxnsOverlapping(long fetchOffset, long upperBoundOffset) {
        var result = new ArrayList<AbortedTxn>();
        for (var txn : allAbortedTxns()) {
            if (txn.lastOffset() >= fetchOffset && txn.firstOffset() < upperBoundOffset) {
                result.add(txn);
            }
        }
        return result;
    }

    /** Drops the entries whose abort marker is at or above {@code offset}. */
    public synchronized void truncateTo(long offset) {
        var kept =
                allAbortedTxns().stream().filter(t -> t.lastOffset() < offset).toList();
        rewrite(kept);
    }

    public synchronized void reset() {
        rewrite(List.of());
    }

    private void rewrite(List<AbortedTxn> kept) {
        try {
            Files.deleteIfExists(file);
            lastOffset = -1;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reset " + file, e);
        }
        kept.forEach(this::append);
    }

    public synchronized void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, target);
        }
        file = target;
    }

    public synchronized void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }
}
