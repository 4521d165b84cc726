package io.runnel.broker.zk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/** A retry timer that tests fire by hand, as if the backoff had passed, rather than waiting it out. */
final class ManualRetryTimer implements ZkMetadataCache.RetryTimer {

    private final List<Duration> delays = new ArrayList<>();
    private final List<FutureTask<Void>> scheduled = new ArrayList<>();

    @Override
    public synchronized Future<?> schedule(Duration delay, Runnable retry) {
        var task = new FutureTask<Void>(retry, null);
        delays.add(delay);
        scheduled.add(task);
        return task;
    }

    /** Runs every retry scheduled and not yet fired, on the calling thread; a cancelled one does nothing. */
    void fireAll() {
        List<FutureTask<Void>> due;
        synchronized (this) {
            due = List.copyOf(scheduled);
            scheduled.clear();
        }
        due.forEach(FutureTask::run);
    }

    /** The delay of every retry scheduled so far, in order. */
    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }
}
