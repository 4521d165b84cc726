package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * One connection's receive buffers: while its {@link FrameDecoder} receives a large frame in place, the transport
 * reads into the frame's own unfilled memory (a slice of it) instead of a fresh buffer that the decoder would
 * copy; otherwise buffers come from the channel's usual allocator, which also keeps deciding how many reads to
 * do and how large to guess them.
 *
 * <p>Both transports read into a slice of a direct buffer without copying: epoll at its memory address plus
 * writer index up to its capacity, NIO through its internal NIO buffer. The handle is an {@link
 * RecvByteBufAllocator.ExtendedHandle} because the epoll channel rejects any other kind.
 */
final class FrameReceiveAllocator implements RecvByteBufAllocator {

    private final RecvByteBufAllocator usual;
    private final FrameDecoder decoder;

    /** @param usual the channel's configured allocator (per-channel read limits come with it) */
    FrameReceiveAllocator(RecvByteBufAllocator usual, FrameDecoder decoder) {
        this.usual = usual;
        this.decoder = decoder;
    }

    @Override
    public ExtendedHandle newHandle() {
        Handle handle = usual.newHandle();
        if (!(handle instanceof ExtendedHandle extended)) {
            throw new IllegalArgumentException("receive allocator " + usual + " has no ExtendedHandle");
        }
        return new FrameHandle(extended, decoder);
    }

    private record FrameHandle(ExtendedHandle usual, FrameDecoder decoder) implements ExtendedHandle {

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            ByteBuf lent = decoder.lendReceiveBuffer();
            return lent != null ? lent : usual.allocate(alloc);
        }

        @Override
        public int guess() {
            return usual.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            usual.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            usual.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            usual.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return usual.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            usual.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return usual.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return usual.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return usual.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            usual.readComplete();
        }
    }
}
