package io.runnel.broker.network;

import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameBufferPoolTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    private final UnpooledByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;
    private final FrameBufferPool pool = new FrameBufferPool(8 * MIB);

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aFrameIsAnEmptyBufferOfExactlyItsSize() {
        ByteBuf frame = pool.allocate(alloc, 262_400);

        assertThat(frame.capacity()).isEqualTo(262_400);
        assertThat(frame.maxCapacity()).isEqualTo(262_400);
        assertThat(frame.readableBytes()).isZero();
        assertThat(frame.isDirect()).isTrue();
        assertThat(frame.hasMemoryAddress()).as("epoll reads straight into it").isTrue();
        frame.release();
    }

    @Test
    void aReleasedFrameMemoryIsReusedByTheNextFrameOfItsSizeClass() {
        ByteBuf first = pool.allocate(alloc, 300 * KIB);
        long memory = first.memoryAddress();
        first.release();

        ByteBuf second = pool.allocate(alloc, 310 * KIB);

        assertThat(second.memoryAddress()).isEqualTo(memory);
        assertThat(second.capacity()).isEqualTo(310 * KIB);
        assertThat(pool.idleBytes()).isZero();
        second.release();
    }

    @Test
    void aFrameOfAnotherSizeClassGetsOtherMemory() {
        ByteBuf first = pool.allocate(alloc, 300 * KIB);
        long memory = first.memoryAddress();
        first.release();

        ByteBuf second = pool.allocate(alloc, 600 * KIB);

        assertThat(second.memoryAddress()).isNotEqualTo(memory);
        second.release();
    }

    @Test
    void aFrameReleasedOnAnotherThreadIsReused() {
        ByteBuf first = pool.allocate(alloc, MIB);
        long memory = first.memoryAddress();

        CompletableFuture.runAsync(first::release).join();

        ByteBuf second = pool.allocate(alloc, MIB);
        assertThat(second.memoryAddress()).isEqualTo(memory);
        second.release();
    }

    @Test
    void aSliceKeepsTheFrameMemoryFromReuseUntilItIsReleased() {
        ByteBuf frame = pool.allocate(alloc, 64 * KIB);
        ByteBuf lent = frame.retainedSlice(0, 64 * KIB);
        frame.release();

        ByteBuf other = pool.allocate(alloc, 64 * KIB);

        assertThat(other.memoryAddress()).isNotEqualTo(lent.memoryAddress());
        assertThat(pool.framesInUse()).isEqualTo(2);
        lent.release();
        other.release();
        assertThat(pool.framesInUse()).isZero();
    }

    @Test
    void idleMemoryBeyondTheBoundIsFreedNotKept() {
        var small = new FrameBufferPool(2 * MIB);
        ByteBuf a = small.allocate(alloc, MIB);
        ByteBuf b = small.allocate(alloc, MIB);
        ByteBuf c = small.allocate(alloc, MIB);

        a.release();
        b.release();
        c.release();

        assertThat(small.idleBytes()).isEqualTo(2 * MIB);
        small.close();
    }

    @Test
    void closingFreesIdleMemoryAndFramesReleasedAfterwardsAreNotKept() {
        ByteBuf inUse = pool.allocate(alloc, MIB);
        pool.allocate(alloc, MIB).release();
        assertThat(pool.idleBytes()).isEqualTo(MIB);

        pool.close();
        inUse.release();

        assertThat(pool.idleBytes()).isZero();
        assertThat(pool.framesInUse()).isZero();
    }

    @ParameterizedTest(name = "a {0}-byte frame is held in {1} bytes")
    @CsvSource({
        "32768, 32768",
        "32769, 40960",
        "40960, 40960",
        "65536, 65536",
        "65537, 81920",
        "262144, 262144",
        "262400, 327680",
        "1048576, 1048576",
        "1048600, 1310720",
        "8388608, 8388608"
    })
    void framesAreHeldInSizeClassesOfFourPerDoubling(int frameBytes, int capacity) {
        assertThat(FrameBufferPool.capacityFor(frameBytes)).isEqualTo(capacity);
        assertThat(capacity - frameBytes).isLessThan(capacity / 4);
    }

    @Test
    void everySizeClassHasItsOwnFreeList() {
        // One frame per class, each released: each is kept, none displaces another.
        int classes = 0;
        var roomy = new FrameBufferPool(64 * MIB);
        for (int size = FrameDecoder.IN_PLACE_MIN_FRAME_BYTES;
                size <= 2 * MIB;
                size = FrameBufferPool.capacityFor(size + 1)) {
            roomy.allocate(alloc, size).release();
            classes++;
        }
        long kept = roomy.idleBytes();
        roomy.close();

        assertThat(classes).isEqualTo(25);
        assertThat(kept).isPositive();
    }

    @Test
    void framesOutsideThePooledSizesAreRefused() {
        assertThat(FrameBufferPool.pools(FrameDecoder.IN_PLACE_MIN_FRAME_BYTES - 1))
                .isFalse();
        assertThat(FrameBufferPool.pools(FrameDecoder.IN_PLACE_MAX_FRAME_BYTES + 1))
                .isFalse();
        assertThatThrownBy(() -> pool.allocate(alloc, 1024)).isInstanceOf(IllegalArgumentException.class);
    }
}
