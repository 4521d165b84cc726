package io.runnel.broker.purgatory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.runnel.broker.testing.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DelayedOperationPurgatoryTest {

    private final ManualClock clock = new ManualClock();
    private final ExpirationTimer timer = new ExpirationTimer(clock);
    private final DelayedOperationPurgatory<String, CountingOperation> purgatory =
            new DelayedOperationPurgatory<>("test", timer);

    /** Completes once {@code ready} is set; records how it completed. */
    private final class CountingOperation extends DelayedOperation {
        final AtomicBoolean ready = new AtomicBoolean();
        final AtomicInteger completions = new AtomicInteger();
        volatile Boolean expired;

        CountingOperation(long timeoutMs) {
            super(clock.milliseconds() + timeoutMs);
        }

        @Override
        protected boolean tryComplete() {
            return ready.get() && forceComplete();
        }

        @Override
        protected void onComplete(boolean expired) {
            this.expired = expired;
            completions.incrementAndGet();
        }
    }

    @Test
    void completesAtOnceWhenConditionAlreadyHolds() {
        var op = new CountingOperation(1000);
        op.ready.set(true);

        assertThat(purgatory.tryCompleteElseWatch(op, List.of("a"))).isTrue();

        assertThat(op.completions).hasValue(1);
        assertThat(op.expired).isFalse();
        assertThat(purgatory.watching("a")).isZero();
        assertThat(timer.size()).isZero();
    }

    @Test
    void completesWhenWokenOnAWatchedKey() {
        var op = new CountingOperation(1000);
        assertThat(purgatory.tryCompleteElseWatch(op, List.of("a", "b"))).isFalse();
        op.ready.set(true);

        assertThat(purgatory.checkAndComplete("b")).isEqualTo(1);

        assertThat(op.completions).hasValue(1);
        assertThat(op.expired).isFalse();
    }

    @Test
    void unwatchesACompletedOperationFromAllItsKeysAndCancelsItsExpiry() {
        var op = new CountingOperation(1000);
        purgatory.tryCompleteElseWatch(op, List.of("a", "b"));
        op.ready.set(true);

        purgatory.checkAndComplete("a");

        assertThat(purgatory.watching("b")).isZero();
        assertThat(timer.size()).isZero();
    }

    @Test
    void wakeUpOnAnotherKeyLeavesTheOperationWaiting() {
        var op = new CountingOperation(1000);
        purgatory.tryCompleteElseWatch(op, List.of("a"));
        op.ready.set(true);

        assertThat(purgatory.checkAndComplete("other")).isZero();

        assertThat(op.completions).hasValue(0);
        assertThat(purgatory.watching("a")).isEqualTo(1);
    }

    @Test
    void expiresAtItsDeadlineAndNotBefore() {
        var op = new CountingOperation(1000);
        purgatory.tryCompleteElseWatch(op, List.of("a"));

        clock.advance(999);
        timer.runDueTasks();
        assertThat(op.completions).hasValue(0);

        clock.advance(1);
        timer.runDueTasks();
        assertThat(op.completions).hasValue(1);
        assertThat(op.expired).isTrue();
        assertThat(purgatory.watching("a")).isZero();
    }

    @Test
    void completesOnlyOnceWhenWokenAfterExpiry() {
        var op = new CountingOperation(10);
        purgatory.tryCompleteElseWatch(op, List.of("a"));
        clock.advance(10);
        timer.runDueTasks();
        op.ready.set(true);

        purgatory.checkAndComplete("a");

        assertThat(op.completions).hasValue(1);
        assertThat(op.expired).isTrue();
    }

    @Test
    void expirationThreadCompletesOperationsOnTheSystemClock() throws Exception {
        var systemTimer = new ExpirationTimer(org.apache.kafka.common.utils.Time.SYSTEM);
        var latch = new java.util.concurrent.CountDownLatch(1);
        systemTimer.start("test-expiration");
        try {
            systemTimer.schedule(org.apache.kafka.common.utils.Time.SYSTEM.milliseconds() + 20, latch::countDown);

            assertThat(latch.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            systemTimer.close();
        }
    }

    @Test
    void expirationThreadWakesForATaskEarlierThanTheOneItSleepsTowards() throws Exception {
        var systemTimer = new ExpirationTimer(org.apache.kafka.common.utils.Time.SYSTEM);
        var latch = new java.util.concurrent.CountDownLatch(1);
        long now = org.apache.kafka.common.utils.Time.SYSTEM.milliseconds();
        systemTimer.schedule(now + 3_600_000L, () -> {});
        systemTimer.start("test-expiration");
        try {
            systemTimer.schedule(now + 20, latch::countDown);

            assertThat(latch.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(systemTimer.size()).isEqualTo(1);
        } finally {
            systemTimer.close();
        }
    }
}
