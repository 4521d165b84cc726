package io.runnel.broker.purgatory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request that cannot be answered yet (a Fetch waiting for min_bytes, a Produce with acks=all waiting for the
 * high watermark): it completes exactly once, either when {@link #tryComplete()} finds its condition met after a
 * wake-up from the {@link DelayedOperationPurgatory}, or when its deadline passes.
 *
 * <p>Checks of one operation are serialised by its own lock, so {@code tryComplete} and expiry never run
 * concurrently for the same operation and subclasses may keep unsynchronised per-operation state.
 */
public abstract class DelayedOperation {

    private final long deadlineMs;
    private final AtomicBoolean completed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Runnable afterCompletion = () -> {};

    protected DelayedOperation(long deadlineMs) {
        this.deadlineMs = deadlineMs;
    }

    public final long deadlineMs() {
        return deadlineMs;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    /**
     * Checks whether the operation can complete now and, if it can, calls {@link #forceComplete()}. Called with
     * the operation's lock held.
     *
     * @return true if this call completed the operation
     */
    protected abstract boolean tryComplete();

    /**
     * Produces the operation's result; runs exactly once, on the thread that completed it (an appending request
     * thread or the expiration thread).
     *
     * @param expired true when the deadline passed before the condition was met
     */
    protected abstract void onComplete(boolean expired);

    /** Completes the operation unless something else already did; returns true if this call completed it. */
    protected final boolean forceComplete() {
        return complete(false);
    }

    final boolean safeTryComplete() {
        lock.lock();
        try {
            return !isCompleted() && tryComplete();
        } finally {
            lock.unlock();
        }
    }

    final void expire() {
        lock.lock();
        try {
            complete(true);
        } finally {
            lock.unlock();
        }
    }

    final void afterCompletion(Runnable hook) {
        this.afterCompletion = hook;
    }

    private boolean complete(boolean expired) {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        try {
            onComplete(expired);
        } finally {
            afterCompletion.run();
        }
        return true;
    }
}
