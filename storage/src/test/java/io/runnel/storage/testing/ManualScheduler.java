package io.runnel.storage.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ScheduledExecutorService} that runs tasks only when a test calls {@link #runDue()} (or {@link #tick}),
 * at the {@link ManualClock}'s time: no threads, no sleeps, deterministic order.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ManualClock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final PriorityQueue<Task<?>> queue =
            new PriorityQueue<>(Comparator.<Task<?>>comparingLong(t -> t.dueMs).thenComparingLong(t -> t.sequence));
    private boolean shutdown;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    /** Advances the clock by {@code ms} and runs every task due by then. */
    public void tick(long ms) {
        clock.advance(ms);
        runDue();
    }

    /** Runs every task due at the current time (including tasks they schedule for now). */
    public synchronized void runDue() {
        while (!queue.isEmpty() && queue.peek().dueMs <= clock.milliseconds()) {
            var task = queue.poll();
            if (task.isCancelled()) {
                continue;
            }
            task.runOnce();
            if (task.periodMs == 0) {
                try {
                    task.get();
                } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
                    throw new AssertionError("Scheduled task failed", e.getCause() == null ? e : e.getCause());
                }
            }
            if (task.periodMs > 0 && !task.isCancelled()) {
                task.dueMs += task.periodMs;
                queue.add(task);
            }
        }
    }

    /** Tasks not yet run (and not cancelled). */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    private synchronized <V> Task<V> enqueue(Callable<V> callable, long delayMs, long periodMs) {
        var task =
                new Task<>(callable, clock.milliseconds() + Math.max(0, delayMs), periodMs, sequence.getAndIncrement());
        queue.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(
                () -> {
                    command.run();
                    return null;
                },
                unit.toMillis(delay),
                0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(callable, unit.toMillis(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(
                () -> {
                    command.run();
                    return null;
                },
                unit.toMillis(initialDelay),
                Math.max(1, unit.toMillis(period)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        var tasks = new ArrayList<Runnable>(queue);
        queue.clear();
        return tasks;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private long dueMs;
        private final long periodMs;
        private final long sequence;

        Task(Callable<V> callable, long dueMs, long periodMs, long sequence) {
            super(callable);
            this.dueMs = dueMs;
            this.periodMs = periodMs;
            this.sequence = sequence;
        }

        void runOnce() {
            if (periodMs > 0) {
                runAndReset();
            } else {
                run();
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueMs - clock.milliseconds(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
        }
    }
}
