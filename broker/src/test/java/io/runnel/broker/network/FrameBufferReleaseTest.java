package io.runnel.broker.network;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request frames are handed to the processor as views of the network buffer they arrived in, without a copy;
 * the buffer must stay valid while the request is processed and be freed exactly once when its reply is in.
 */
class FrameBufferReleaseTest {

    private final List<ByteBuffer> frames = new ArrayList<>();
    private final List<CompletableFuture<Reply>> replies = new ArrayList<>();
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel channel(RequestProcessor processor) {
        var metrics = new NetworkMetrics();
        var connection = new ClientConnection("test", "PLAINTEXT", InetAddress.getLoopbackAddress(), 1234);
        channel = new EmbeddedChannel(
                new FrameDecoder(1024, new FrameBufferPool(0), Time.SYSTEM, metrics),
                new ConnectionHandler(connection, processor, 5, new InFlightRequests(), metrics));
        return channel;
    }

    private RequestProcessor recordingProcessor() {
        return (connection, frame, receivedTimeMs) -> {
            frames.add(frame);
            var reply = new CompletableFuture<Reply>();
            replies.add(reply);
            return reply;
        };
    }

    private static ByteBuf directFrame(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(4 + bytes.length);
        return buf.writeInt(bytes.length).writeBytes(bytes);
    }

    private static String text(ByteBuffer frame) {
        return StandardCharsets.UTF_8.decode(frame.duplicate()).toString();
    }

    @Test
    void passesTheFrameWithoutCopyingItToTheHeap() {
        channel(recordingProcessor()).writeInbound(directFrame("request"));

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).isDirect()).isTrue();
        assertThat(text(frames.get(0))).isEqualTo("request");
    }

    @Test
    void keepsTheFrameUntilTheReplyCompletesThenReleasesIt() {
        ByteBuf received = directFrame("request");
        channel(recordingProcessor()).writeInbound(received);

        assertThat(received.refCnt()).isEqualTo(1);
        assertThat(text(frames.get(0))).isEqualTo("request");

        replies.get(0).complete(Reply.NO_RESPONSE);
        channel.runPendingTasks();

        assertThat(received.refCnt()).isZero();
    }

    @Test
    void releasesEachOfSeveralFramesInOneReadWhenItsOwnReplyCompletes() {
        ByteBuf received = PooledByteBufAllocator.DEFAULT.directBuffer();
        received.writeBytes(directFrame("first")).writeBytes(directFrame("second"));
        channel(recordingProcessor()).writeInbound(received);

        assertThat(frames).hasSize(2);
        replies.get(1).complete(Reply.NO_RESPONSE);
        assertThat(received.refCnt()).isEqualTo(1);
        assertThat(text(frames.get(0))).isEqualTo("first");

        replies.get(0).complete(Reply.NO_RESPONSE);
        channel.runPendingTasks();

        assertThat(received.refCnt()).isZero();
    }

    @Test
    void releasesTheFrameWhenProcessingFails() {
        ByteBuf received = directFrame("request");
        channel((connection, frame, receivedTimeMs) -> {
                    throw new IllegalStateException("handler bug");
                })
                .writeInbound(received);
        channel.runPendingTasks();

        assertThat(received.refCnt()).isZero();
    }

    @Test
    void releasesAFrameThatArrivesWhileShuttingDown() {
        ByteBuf received = directFrame("request");
        channel(recordingProcessor());
        channel.pipeline().get(ConnectionHandler.class).stopReading();
        channel.pipeline()
                .get(ConnectionHandler.class)
                .channelRead(channel.pipeline().lastContext(), new ReceivedFrame(received.skipBytes(4), 0L));

        assertThat(frames).isEmpty();
        assertThat(received.refCnt()).isZero();
    }
}
