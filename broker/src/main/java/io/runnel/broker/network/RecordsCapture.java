package io.runnel.broker.network;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

import io.netty.buffer.Unpooled;
import org.apache.kafka.common.network.TransferableChannel;

/**
 * Lets kafka-clients' records "send" themselves without moving a byte: file-backed records call
 * {@link #transferFrom}, which records a {@link SegmentFileRegion} for the slice; in-memory records call
 * {@link #write(ByteBuffer)}, which wraps the buffer. The parts are written to the socket later, in order.
 */
final class RecordsCapture implements TransferableChannel {

    private final List<Object> parts;
    private final NetworkMetrics metrics;

    RecordsCapture(List<Object> parts, NetworkMetrics metrics) {
        this.parts = parts;
        this.metrics = metrics;
    }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) {
        if (count > 0) {
            parts.add(new SegmentFileRegion(fileChannel, position, count, metrics));
            metrics.zeroCopyRegion(count);
        }
        return count;
    }

    @Override
    public int write(ByteBuffer src) {
        int bytes = src.remaining();
        if (bytes > 0) {
            parts.add(Unpooled.wrappedBuffer(src.slice()));
            src.position(src.limit());
        }
        return bytes;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long bytes = 0;
        for (int i = offset; i < offset + length; i++) {
            bytes += write(srcs[i]);
        }
        return bytes;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public boolean hasPendingWrites() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {}
}
