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
 * {@code InvalidReceiveException} does. A truncated frame just waits in the cumulation (at most the limit plus one
 * read) until the rest arrives or the connection goes idle.
 *
 * <p>A complete frame is not copied: it is passed on as a retained slice of the cumulation, which Netty keeps in
 * pooled direct memory. Copying it to the heap used to cost two copies of every produced byte (into the byte[],
 * then the JDK's temporary direct buffer for the file write) and made every large produce request a G1 humongous
 * allocation. Only if the cumulation is not one direct buffer is the frame copied, once, into a direct buffer.
 *
 * <p>While the channel's auto-read is off (the connection has as many requests in flight as allowed) no
 * further frames are cut from already received bytes either; {@link ConnectionHandler} resumes decoding.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);
    private static final int SIZE_PREFIX_BYTES = 4;

    private final int maxFrameBytes;
    private final Time time;
    private final NetworkMetrics metrics;
    private boolean rejected;

    FrameDecoder(int maxFrameBytes, Time time, NetworkMetrics metrics) {
        this.maxFrameBytes = maxFrameBytes;
        this.time = time;
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!ctx.channel().config().isAutoRead() || in.readableBytes() < SIZE_PREFIX_BYTES) {
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
}
