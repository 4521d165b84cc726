package io.runnel.broker.zk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A retry timer that tests fire by hand, as if the backoff had passed, rather than waiting it out. */
final class ManualRetryTimer implements ZkMetadataCache.RetryTimer {

    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();

    @Override
    public synchronized void schedule(Duration delay, Runnable retry) {
        delays.add(delay);
        scheduled.add(retry);
    }

    /** Runs every retry scheduled and not yet fired, on the calling thread. */
    void fireAll() {
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(scheduled);
            scheduled.clear();
        }
        due.forEach(Runnable::run);
    }

    /** The delay of every retry scheduled so far, in order. */
    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }
}
