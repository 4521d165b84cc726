package io.runnel.broker.network;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into Kafka request frames: a 4-byte big-endian size, then that many bytes.
 *
 * <p>The size is checked against {@code socket.request.max.bytes} before anything is allocated for the frame,
 * so a hostile prefix (negative, 2 GiB) costs nothing: the connection is closed with a warning, as Kafka's
 * {@code InvalidReceiveException} does. A truncated frame just waits (at most the limit plus one read) until
 * the rest arrives or the connection goes idle.
 *
 * <p>A complete frame is not copied: it is passed on as a retained slice of the cumulation, which Netty keeps in
 * pooled direct memory. Copying it to the heap used to cost two copies of every produced byte (into the byte[],
 * then the JDK's temporary direct buffer for the file write) and made every large produce request a G1 humongous
 * allocation. Only if the cumulation is not one direct buffer is the frame copied, once, into a direct buffer.
 *
 * <p>Large frames (at least {@link #IN_PLACE_MIN_FRAME_BYTES}) are not accumulated at all. Growing the cumulation
 * read by read reallocates and copies it again and again: a 256 KiB produce request read in 64 KiB chunks cost
 * about 2.25 bytes of memcpy per received byte, most of the network threads' CPU. Instead, once such a frame's
 * size is known, the decoder takes one direct buffer of exactly that size from the {@link FrameBufferPool} (the
 * <em>in-place frame</em>), moves the bytes already received into it (at most one read), and {@link
 * FrameReceiveAllocator} lends the transport the frame's unfilled rest as the buffer for its next socket reads,
 * so they land where the frame will be processed. A frame is complete when its buffer is full; it is then passed on as it is. Kafka's
 * {@code NetworkReceive} also allocates a request's whole buffer once its size is read, so a bare 4-byte prefix
 * commits up to {@code socket.request.max.bytes} (100 MiB) per connection; here only frames up to
 * {@link #IN_PLACE_MAX_FRAME_BYTES} are received in place, and larger ones accumulate as their bytes arrive, so a
 * client cannot make the broker hold more than that per connection without sending the bytes.
 *
 * <p>Invariants that keep requests in order and a paused connection paused:
 *
 * <ul>
 *   <li>An in-place frame starts only when every frame before it has been passed on and the cumulation is
 *       empty, and no frame is cut from the cumulation while one is in progress: bytes that follow it stay in
 *       the cumulation until it has been passed on.
 *   <li>While the channel's auto-read is off (the connection has as many requests in flight as allowed) no frame
 *       is passed on and none starts; an in-place frame completed meanwhile is held. {@link ConnectionHandler}
 *       resumes by firing an empty buffer, which passes on the held frame, then the frames in the cumulation.
 * </ul>
 */
final class FrameDecoder extends ByteToMessageDecoder {

    /** Smaller frames cost little to accumulate, and a frame-sized buffer each would waste pooled memory. */
    static final int IN_PLACE_MIN_FRAME_BYTES = 32 * 1024;
    /**
     * Bounds what a size prefix alone can make the broker allocate. Produce requests are normally at most the
     * producer's max.request.size (1 MiB by default), so this covers them with room to spare.
     */
    static final int IN_PLACE_MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);
    private static final int SIZE_PREFIX_BYTES = 4;

    private final int maxFrameBytes;
    private final FrameBufferPool framePool;
    private final Time time;
    private final NetworkMetrics metrics;
    private boolean rejected;
    /** The frame being received in place (size prefix stripped), or null. */
    private ByteBuf inPlace;
    /** When {@link #inPlace} filled up: the frame's last byte arrived then, even if it is held. */
    private long inPlaceCompletedMs;
    /**
     * The last buffer lent to the transport, recognized by identity when its read comes back. The transport owns
     * it until then (it releases it itself if the read yields nothing); it holds its own reference to the frame's
     * memory, so a frame released meanwhile (connection closed) cannot have its memory reused under the read.
     */
    private ByteBuf lent;

    FrameDecoder(int maxFrameBytes, FrameBufferPool framePool, Time time, NetworkMetrics metrics) {
        this.maxFrameBytes = maxFrameBytes;
        this.framePool = framePool;
        this.time = time;
        this.metrics = metrics;
    }

    /**
     * The rest of the in-place frame, as an empty buffer for the transport to read into, or null to let the
     * transport allocate as usual. Called on the event loop, just before a socket read.
     */
    ByteBuf lendReceiveBuffer() {
        if (inPlace == null || !inPlace.isWritable()) {
            return null;
        }
        lent = inPlace.retainedSlice(inPlace.writerIndex(), inPlace.writableBytes())
                .clear();
        return lent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (lent != null && msg == lent) {
            lent = null;
            ByteBuf read = (ByteBuf) msg;
            if (inPlace != null) {
                // The bytes are already in the frame's memory: only the frame's writer index moves.
                inPlace.writerIndex(inPlace.writerIndex() + read.readableBytes());
                metrics.receivedInPlace(read.readableBytes());
            }
            read.release();
            passOnCompletedInPlaceFrame(ctx);
        } else if (inPlace != null && msg instanceof ByteBuf read) {
            // A read allocated before the frame started, or the resume signal: fill the frame from it first.
            inPlace.writeBytes(read, Math.min(read.readableBytes(), inPlace.writableBytes()));
            passOnCompletedInPlaceFrame(ctx);
            // What follows the frame waits in the cumulation until the frame is passed on, then is decoded.
            super.channelRead(ctx, read);
        } else {
            super.channelRead(ctx, msg);
        }
    }

    private void passOnCompletedInPlaceFrame(ChannelHandlerContext ctx) {
        if (inPlace == null || inPlace.isWritable()) {
            return;
        }
        if (inPlaceCompletedMs < 0) {
            inPlaceCompletedMs = time.milliseconds();
        }
        if (!ctx.channel().config().isAutoRead()) {
            return;
        }
        ByteBuf frame = inPlace;
        inPlace = null;
        ctx.fireChannelRead(new ReceivedFrame(frame, inPlaceCompletedMs));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (inPlace != null || !ctx.channel().config().isAutoRead() || in.readableBytes() < SIZE_PREFIX_BYTES) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameBytes) {
            rejected = true;
            metrics.invalidFrame();
            log.warn(
                    "Closing connection from {}: request size {} is not in 0..{} (socket.request.max.bytes)",
                    ctx.channel().remoteAddress(),
                    size,
                    maxFrameBytes);
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (in.readableBytes() < SIZE_PREFIX_BYTES + size) {
            if (size >= IN_PLACE_MIN_FRAME_BYTES
                    && size <= IN_PLACE_MAX_FRAME_BYTES
                    && ctx.channel().isActive()) {
                startInPlaceFrame(ctx, in, size);
            }
            return;
        }
        in.skipBytes(SIZE_PREFIX_BYTES);
        ByteBuf payload;
        if (in.isDirect() && in.nioBufferCount() == 1) {
            payload = in.readRetainedSlice(size);
        } else {
            payload = ctx.alloc().directBuffer(size, size);
            in.readBytes(payload, size);
        }
        out.add(new ReceivedFrame(payload, time.milliseconds()));
    }

    /** Moves the frame's bytes received so far (less than the frame) out of the cumulation, which is left empty. */
    private void startInPlaceFrame(ChannelHandlerContext ctx, ByteBuf in, int size) {
        in.skipBytes(SIZE_PREFIX_BYTES);
        inPlace = FrameBufferPool.pools(size)
                ? framePool.allocate(ctx.alloc(), size)
                : ctx.alloc().directBuffer(size, size);
        inPlaceCompletedMs = -1;
        inPlace.writeBytes(in);
        metrics.inPlaceFrame();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            releaseInPlaceFrame();
        }
    }

    /** The broker never removes the decoder; were it removed mid-frame, the partial frame would be dropped. */
    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseInPlaceFrame();
    }

    private void releaseInPlaceFrame() {
        if (inPlace != null) {
            inPlace.release();
            inPlace = null;
        }
    }
}
