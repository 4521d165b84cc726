package io.runnel.broker.network;

import java.time.Duration;

/**
 * Counts requests received but not yet answered (response written to the socket, or dropped with their
 * connection), so shutdown can wait for them.
 */
final class InFlightRequests {

    private int count;

    synchronized void add() {
        count++;
    }

    synchronized void remove() {
        if (--count == 0) {
            notifyAll();
        }
    }

    synchronized int count() {
        return count;
    }

    /** @return whether all requests were answered within the timeout */
    synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        return true;
    }
}
