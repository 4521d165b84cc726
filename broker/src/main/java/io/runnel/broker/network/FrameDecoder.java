package io.runnel.broker.network;

import java.nio.ByteBuffer;
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
 * {@code InvalidReceiveException} does. A frame is copied out only once complete; a truncated frame just waits
 * in the cumulation (at most the limit plus one read) until the rest arrives or the connection goes idle.
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
        byte[] payload = new byte[size];
        in.readBytes(payload);
        out.add(new ReceivedFrame(ByteBuffer.wrap(payload), time.milliseconds()));
    }
}
