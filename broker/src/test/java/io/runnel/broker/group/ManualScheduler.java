package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.apache.kafka.common.utils.Time;

/**
 * A deterministic clock and scheduler for tests: time moves only when {@link #advance} is called, which runs due
 * tasks in deadline order (ties in scheduling order) at their deadlines.
 */
public final class ManualScheduler implements CoordinatorScheduler, Time {

    private record Task(long deadline, long seq, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong(Task::deadline).thenComparingLong(Task::seq));
    private long nowMs = 1_700_000_000_000L;
    private long seq;

    @Override
    public synchronized Cancellable schedule(long delayMs, Runnable task) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Task(nowMs + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward by {@code ms}, running every task that falls due on the way. */
    public void advance(long ms) {
        long target = nowMs + ms;
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.deadline() > target) {
                    break;
                }
                tasks.poll();
                nowMs = Math.max(nowMs, next.deadline());
            }
            if (!next.cancelled()[0]) {
                next.run().run();
            }
        }
        nowMs = target;
    }

    public synchronized List<Long> pendingDeadlines() {
        List<Long> result = new ArrayList<>();
        tasks.stream().filter(t -> !t.cancelled()[0]).forEach(t -> result.add(t.deadline()));
        return result;
    }

    @Override
    public long milliseconds() {
        return nowMs;
    }

    @Override
    public long nanoseconds() {
        return nowMs * 1_000_000L;
    }

    @Override
    public void sleep(long ms) {
        advance(ms);
    }
}
