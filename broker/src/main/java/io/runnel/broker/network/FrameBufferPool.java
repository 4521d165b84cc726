package io.runnel.broker.network;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.internal.PlatformDependent;

/**
 * The direct buffers that large request frames are received into ({@link FrameDecoder}'s in-place frames), kept
 * after use for the next frame of a similar size.
 *
 * <p>Why not Netty's pooled allocator, which serves the connections' other buffers: a buffer of 32 KiB or more
 * is past its per-thread caches, so every frame was carved from a shared arena under the arena's lock on the
 * event loop and given back under that lock by the request thread that released it, and the arena's bookkeeping
 * (chunk runs, bitmaps, size-class tables) was a large part of what the JIT compiled during a produce run. Here a
 * frame is taken from, and returned to, a lock-free free list of its size class. Producers send frames of few
 * distinct sizes (about their {@code max.request.size} or {@code batch.size}), so nearly every frame reuses
 * memory a previous one used.
 *
 * <p>Size classes: four per power of two from {@link FrameDecoder#IN_PLACE_MIN_FRAME_BYTES} (32, 40, 48, 56, 64,
 * 80, ... KiB) to {@link FrameDecoder#IN_PLACE_MAX_FRAME_BYTES}, so a frame's buffer is less than 25% larger
 * than the frame. The frame itself is exactly its size: its writer index reaching its capacity is how the
 * decoder knows the frame is complete.
 *
 * <p>Memory: buffers in use are bounded by the connections' in-flight limits, as before; idle buffers by {@code
 * maxIdleBytes}. A buffer released while the idle ones already fill that bound, or after {@link #close()}, is
 * freed at once rather than left to the garbage collector, whose direct-memory accounting would otherwise be
 * driven by the release rate.
 */
final class FrameBufferPool implements AutoCloseable {

    private static final int MIN_BYTES = FrameDecoder.IN_PLACE_MIN_FRAME_BYTES;
    private static final int MAX_BYTES = FrameDecoder.IN_PLACE_MAX_FRAME_BYTES;
    private static final int CLASSES_PER_DOUBLING = 4;
    private static final int MIN_EXPONENT = Integer.numberOfTrailingZeros(MIN_BYTES);

    private final long maxIdleBytes;
    private final Queue<ByteBuffer>[] idle;
    private final AtomicLong idleBytes = new AtomicLong();
    private final AtomicInteger framesInUse = new AtomicInteger();
    private volatile boolean closed;

    /** @param maxIdleBytes how much memory unused buffers may keep */
    @SuppressWarnings("unchecked")
    FrameBufferPool(long maxIdleBytes) {
        if (Integer.bitCount(MIN_BYTES) != 1 || Integer.bitCount(MAX_BYTES) != 1) {
            throw new IllegalStateException("frame size bounds must be powers of two");
        }
        this.maxIdleBytes = maxIdleBytes;
        this.idle = new Queue[classIndex(MAX_BYTES) + 1];
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /** Whether frames of this size come from the pool; others are for the caller's allocator. */
    static boolean pools(int frameBytes) {
        return frameBytes >= MIN_BYTES && frameBytes <= MAX_BYTES && PlatformDependent.hasUnsafe();
    }

    /** The capacity of the buffer that holds a frame of {@code frameBytes} (see the size classes above). */
    static int capacityFor(int frameBytes) {
        int granule = Integer.highestOneBit(frameBytes - 1) / CLASSES_PER_DOUBLING;
        return (frameBytes + granule - 1) / granule * granule;
    }

    private static int classIndex(int capacity) {
        int power = Integer.highestOneBit(capacity - 1);
        int exponent = Integer.numberOfTrailingZeros(power);
        // capacity is power * (1 + k / 4) with k in 1..4; the smallest class, MIN_BYTES, is k = 4 below it
        int k = (capacity - power) / (power / CLASSES_PER_DOUBLING);
        return (exponent - MIN_EXPONENT) * CLASSES_PER_DOUBLING + k;
    }

    /**
     * An empty buffer of exactly {@code frameBytes} capacity (which {@link #pools} must accept); its memory goes
     * back to the pool when its reference count drops to zero, on whatever thread that happens.
     */
    ByteBuf allocate(ByteBufAllocator alloc, int frameBytes) {
        if (!pools(frameBytes)) {
            throw new IllegalArgumentException("frames of " + frameBytes + " bytes are not pooled");
        }
        int capacity = capacityFor(frameBytes);
        Queue<ByteBuffer> freeList = idle[classIndex(capacity)];
        ByteBuffer memory = freeList.poll();
        if (memory == null) {
            memory = ByteBuffer.allocateDirect(capacity);
        } else {
            idleBytes.addAndGet(-capacity);
        }
        memory.clear().limit(frameBytes);
        framesInUse.incrementAndGet();
        return new PooledFrameBuf(alloc, memory, freeList).clear();
    }

    private void recycle(ByteBuffer memory, Queue<ByteBuffer> freeList) {
        framesInUse.decrementAndGet();
        int capacity = memory.capacity();
        if (closed) {
            PlatformDependent.freeDirectBuffer(memory);
            return;
        }
        if (idleBytes.addAndGet(capacity) > maxIdleBytes) {
            idleBytes.addAndGet(-capacity);
            PlatformDependent.freeDirectBuffer(memory);
            return;
        }
        freeList.offer(memory);
        // close() may have drained the list just before the offer: drain again so nothing stays cached.
        if (closed) {
            drain();
        }
    }

    /** Frames allocated and not yet released. */
    int framesInUse() {
        return framesInUse.get();
    }

    /** Memory held by unused buffers. */
    long idleBytes() {
        return idleBytes.get();
    }

    /** Frees the unused buffers; buffers still in use are freed when released. */
    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        for (Queue<ByteBuffer> freeList : idle) {
            ByteBuffer memory;
            while ((memory = freeList.poll()) != null) {
                idleBytes.addAndGet(-memory.capacity());
                PlatformDependent.freeDirectBuffer(memory);
            }
        }
    }

    /**
     * A frame over pooled memory. Netty's unpooled direct buffer constructed over a given buffer never frees it,
     * so releasing the last reference only hands the memory back here.
     */
    private final class PooledFrameBuf extends UnpooledUnsafeDirectByteBuf {

        private final ByteBuffer memory;
        private final Queue<ByteBuffer> freeList;

        PooledFrameBuf(ByteBufAllocator alloc, ByteBuffer memory, Queue<ByteBuffer> freeList) {
            super(alloc, memory, memory.remaining());
            this.memory = memory;
            this.freeList = freeList;
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            recycle(memory, freeList);
        }
    }
}
