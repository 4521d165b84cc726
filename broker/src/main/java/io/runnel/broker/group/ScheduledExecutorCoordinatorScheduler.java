package io.runnel.broker.group;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The production scheduler: one daemon timer thread shared by all shards of a broker. */
public final class ScheduledExecutorCoordinatorScheduler implements CoordinatorScheduler, AutoCloseable {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "group-coordinator-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
