package io.runnel.broker.network;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts requests received but not yet answered (response written to the socket, or dropped with their
 * connection), so shutdown can wait for them.
 *
 * <p>Every event loop counts every request here, so the count is an atomic rather than a monitor that all
 * connections would take twice per request; only shutdown waits, and it polls.
 */
final class InFlightRequests {

    /** How often shutdown looks again: small against the shutdown timeout, large against a request's work. */
    private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

    private final AtomicInteger count = new AtomicInteger();

    void add() {
        count.incrementAndGet();
    }

    void remove() {
        count.decrementAndGet();
    }

    int count() {
        return count.get();
    }

    /** @return whether all requests were answered within the timeout */
    boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(remaining, POLL_NANOS));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + count.get() + " requests");
            }
        }
        return true;
    }
}
