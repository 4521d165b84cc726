package io.runnel.broker.network;

import java.util.Random;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.runnel.broker.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large request frame is received into one buffer of its own: the transport reads straight into the frame's
 * unfilled memory (a lent slice), so the bytes are not copied on the network thread. This drives the decoder
 * the way a transport does: it asks the channel's receive allocator for a buffer, reads into it, and fires it.
 */
class InPlaceFrameReceiveTest {

    private static final int MAX_FRAME_BYTES = 1024 * 1024;
    private static final int LARGE = 256 * 1024;
    private static final int READ_BYTES = 64 * 1024;

    private final ManualClock clock = new ManualClock();
    private final NetworkMetrics metrics = new NetworkMetrics();
    private final RecordingAllocator alloc = new RecordingAllocator();
    private final FrameBufferPool framePool = new FrameBufferPool(16 * 1024 * 1024);
    private int lentReads;
    private FrameDecoder decoder;
    private EmbeddedChannel channel;
    private RecvByteBufAllocator.Handle receive;

    @BeforeEach
    void open() {
        decoder = new FrameDecoder(MAX_FRAME_BYTES, framePool, clock, metrics);
        channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(decoder);
        receive = new FrameReceiveAllocator(new AdaptiveRecvByteBufAllocator(), decoder).newHandle();
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        framePool.close();
    }

    /** A frame: 4-byte size, then {@code size} random bytes. */
    private static byte[] frame(int size, long seed) {
        byte[] framed = new byte[4 + size];
        new Random(seed).nextBytes(framed);
        framed[0] = (byte) (size >>> 24);
        framed[1] = (byte) (size >>> 16);
        framed[2] = (byte) (size >>> 8);
        framed[3] = (byte) size;
        return framed;
    }

    private static byte[] payload(byte[] frame) {
        byte[] payload = new byte[frame.length - 4];
        System.arraycopy(frame, 4, payload, 0, payload.length);
        return payload;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /**
     * One socket read as the transport does it: a buffer from the receive allocator, filled with as much of
     * {@code bytes[from..]} as it takes (at most {@code max}), fired down the pipeline. Returns the bytes read.
     */
    private int read(byte[] bytes, int from, int max) {
        ByteBuf buf = allocateForRead();
        int n = Math.min(Math.min(max, bytes.length - from), buf.maxWritableBytes());
        buf.writeBytes(bytes, from, n);
        channel.writeInbound(buf);
        return n;
    }

    /** The receive allocator's buffer for the next read; a buffer the decoder lends costs no allocation. */
    private ByteBuf allocateForRead() {
        int allocations = alloc.allocations;
        ByteBuf buf = receive.allocate(alloc);
        if (alloc.allocations == allocations) {
            lentReads++;
        }
        return buf;
    }

    /** Reads {@code bytes[from..to)}, at most {@link #READ_BYTES} per read. */
    private void readRange(byte[] bytes, int from, int to) {
        for (int at = from; at < to; ) {
            at += read(bytes, at, Math.min(READ_BYTES, to - at));
        }
    }

    /** Reads {@code bytes[from..]} to the end, at most {@link #READ_BYTES} per read. */
    private void readRest(byte[] bytes, int from) {
        readRange(bytes, from, bytes.length);
    }

    /** A read that the transport allocated itself (before the frame started), not lent by the decoder. */
    private void readIntoOwnBuffer(byte[] bytes, int from, int length) {
        channel.writeInbound(alloc.directBuffer(length).writeBytes(bytes, from, length));
    }

    private ReceivedFrame nextFrame() {
        return channel.readInbound();
    }

    private static byte[] bytes(ReceivedFrame frame) {
        byte[] bytes = new byte[frame.payload().readableBytes()];
        frame.payload().getBytes(frame.payload().readerIndex(), bytes);
        return bytes;
    }

    /** The next frame's bytes; the frame is released, as the request processing would. */
    private byte[] nextFrameBytes() {
        ReceivedFrame frame = nextFrame();
        try {
            return bytes(frame);
        } finally {
            frame.payload().release();
        }
    }

    @Test
    void aLargeFrameIsReadIntoItsOwnBufferWithoutCopying() {
        byte[] framed = frame(LARGE, 1);
        readIntoOwnBuffer(framed, 0, 4);

        long[] lentAddresses = new long[LARGE / READ_BYTES];
        for (int i = 0, at = 4; at < framed.length; i++) {
            ByteBuf buf = allocateForRead();
            lentAddresses[i] = buf.memoryAddress();
            int n = Math.min(READ_BYTES, framed.length - at);
            buf.writeBytes(framed, at, n);
            channel.writeInbound(buf);
            at += n;
        }

        ReceivedFrame received = nextFrame();
        assertThat(bytes(received)).isEqualTo(payload(framed));
        for (int i = 0; i < lentAddresses.length; i++) {
            assertThat(lentAddresses[i])
                    .as("read %d went straight into the frame's memory", i)
                    .isEqualTo(received.payload().memoryAddress() + (long) i * READ_BYTES);
        }
        assertThat(metrics.bytesReceivedInPlace()).isEqualTo(LARGE);
        received.payload().release();
    }

    @Test
    void aLargeFrameWhoseStartCameInAnOrdinaryReadIsCompletedInPlace() {
        byte[] framed = frame(LARGE, 2);
        readIntoOwnBuffer(framed, 0, 4 + READ_BYTES);

        readRest(framed, 4 + READ_BYTES);

        ReceivedFrame received = nextFrame();
        assertThat(bytes(received)).isEqualTo(payload(framed));
        assertThat(lentReads).isEqualTo(3);
        assertThat(metrics.bytesReceivedInPlace()).isEqualTo(LARGE - READ_BYTES);
        assertThat(nextFrame()).isNull();
        received.payload().release();
    }

    @Test
    void theReadLentForAFrameEndsWhereTheFrameEnds() {
        byte[] framed = frame(LARGE, 3);
        readIntoOwnBuffer(framed, 0, 4 + 1000);

        ByteBuf lent = allocateForRead();

        assertThat(lentReads).isEqualTo(1);
        assertThat(lent.maxWritableBytes()).isEqualTo(LARGE - 1000);
        lent.release();
    }

    @Test
    void aFrameStartingInTheReadThatCompletesAnInPlaceFrameIsPassedOnAfterIt() {
        byte[] first = frame(LARGE, 4);
        byte[] second = frame(LARGE, 5);
        byte[] stream = concat(first, second);
        readIntoOwnBuffer(stream, 0, 4);
        int lastReadOfFirst = first.length - 100;
        readRange(stream, 4, lastReadOfFirst);
        // The transport allocated this read itself: the end of the first frame, the start of the second.
        readIntoOwnBuffer(stream, lastReadOfFirst, 100 + 5000);

        readRest(stream, first.length + 5000);

        assertThat(nextFrameBytes()).isEqualTo(payload(first));
        assertThat(nextFrameBytes()).isEqualTo(payload(second));
        assertThat(metrics.inPlaceFrames()).isEqualTo(2);
    }

    @Test
    void aLargeFrameStartingAfterSmallFramesInTheSameReadFollowsThem() {
        byte[] small = frame(100, 6);
        byte[] large = frame(LARGE, 7);
        byte[] stream = concat(small, large);
        readIntoOwnBuffer(stream, 0, READ_BYTES);

        readRest(stream, READ_BYTES);

        assertThat(nextFrameBytes()).isEqualTo(payload(small));
        assertThat(nextFrameBytes()).isEqualTo(payload(large));
    }

    @Test
    void smallFramesAreAccumulatedAsBefore() {
        byte[] small = frame(FrameDecoder.IN_PLACE_MIN_FRAME_BYTES - 1, 8);
        readIntoOwnBuffer(small, 0, 1000);

        allocateForRead().release();

        assertThat(lentReads).as("an ordinary buffer, not lent").isZero();
        readIntoOwnBuffer(small, 1000, small.length - 1000);
        assertThat(nextFrameBytes()).isEqualTo(payload(small));
        assertThat(metrics.inPlaceFrames()).isZero();
    }

    @Test
    void aFrameCompletedWhilePausedIsPassedOnWhenResumedBeforeTheFramesAfterIt() {
        byte[] large = frame(LARGE, 9);
        byte[] small = frame(100, 10);
        readIntoOwnBuffer(large, 0, 4);
        channel.config().setAutoRead(false);
        readRest(large, 4);
        readIntoOwnBuffer(small, 0, small.length);
        long completedMs = clock.milliseconds();
        clock.advance(50);

        assertThat(nextFrame()).as("nothing is passed on while paused").isNull();

        channel.config().setAutoRead(true);
        channel.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        ReceivedFrame first = nextFrame();
        assertThat(bytes(first)).isEqualTo(payload(large));
        assertThat(first.receivedTimeMs()).as("when its last byte arrived").isEqualTo(completedMs);
        first.payload().release();
        assertThat(nextFrameBytes()).isEqualTo(payload(small));
    }

    @Test
    void aFrameKeepsBeingReceivedInPlaceAcrossAPause() {
        byte[] large = frame(LARGE, 11);
        readIntoOwnBuffer(large, 0, 4);
        read(large, 4, READ_BYTES);
        channel.config().setAutoRead(false);
        read(large, 4 + READ_BYTES, READ_BYTES);
        channel.config().setAutoRead(true);
        channel.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        assertThat(nextFrame()).as("not complete yet").isNull();

        readRest(large, 4 + 2 * READ_BYTES);

        assertThat(nextFrameBytes()).isEqualTo(payload(large));
        assertThat(lentReads).isEqualTo(4);
    }

    @Test
    void aConnectionClosedMidFrameReleasesTheFrame() {
        byte[] large = frame(LARGE, 12);
        readIntoOwnBuffer(large, 0, 4);
        read(large, 4, READ_BYTES);
        assertThat(framePool.framesInUse()).isEqualTo(1);

        channel.close();

        assertThat(framePool.framesInUse()).isZero();
    }

    @Test
    void aBufferLentWhenTheConnectionClosesKeepsTheFrameMemoryUntilTheTransportReleasesIt() {
        byte[] large = frame(LARGE, 13);
        readIntoOwnBuffer(large, 0, 4);
        ByteBuf lent = allocateForRead();

        channel.close();
        assertThat(framePool.framesInUse())
                .as("the read may still be writing into it")
                .isEqualTo(1);
        lent.release();

        assertThat(framePool.framesInUse()).isZero();
    }

    @Test
    void anOversizedPrefixClosesTheConnectionWithoutAllocatingTheFrame() {
        byte[] oversized = frame(MAX_FRAME_BYTES + 1, 14);

        readIntoOwnBuffer(oversized, 0, 4 + 100);

        assertThat(channel.isOpen()).isFalse();
        assertThat(alloc.largestDirectBuffer).isLessThan(FrameDecoder.IN_PLACE_MIN_FRAME_BYTES);
        assertThat(metrics.invalidFrames()).isEqualTo(1);
        assertThat(metrics.inPlaceFrames()).isZero();
    }

    @Test
    void aPrefixAboveTheInPlaceBoundAllocatesOnlyForTheBytesReceived() {
        channel.finishAndReleaseAll();
        decoder = new FrameDecoder(4 * FrameDecoder.IN_PLACE_MAX_FRAME_BYTES, framePool, clock, metrics);
        channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(decoder);
        byte[] huge = frame(FrameDecoder.IN_PLACE_MAX_FRAME_BYTES + 1, 16);

        readIntoOwnBuffer(huge, 0, 4 + 100);

        assertThat(channel.isOpen()).isTrue();
        assertThat(alloc.largestDirectBuffer).isLessThan(FrameDecoder.IN_PLACE_MIN_FRAME_BYTES);
        assertThat(metrics.inPlaceFrames()).isZero();
    }

    @Test
    void aNegativePrefixClosesTheConnectionWithoutAllocatingTheFrame() {
        readIntoOwnBuffer(new byte[] {-1, -1, -1, -1, 0, 0}, 0, 6);

        assertThat(channel.isOpen()).isFalse();
        assertThat(alloc.largestDirectBuffer).isLessThan(FrameDecoder.IN_PLACE_MIN_FRAME_BYTES);
        assertThat(metrics.inPlaceFrames()).isZero();
    }

    /** Pooled memory, as the broker's channels use, remembering what was asked for. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {

        private int allocations;
        private int largestDirectBuffer;

        RecordingAllocator() {
            super(true);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            allocations++;
            largestDirectBuffer = Math.max(largestDirectBuffer, initialCapacity);
            return PooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            allocations++;
            return PooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return true;
        }
    }
}
