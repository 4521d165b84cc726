package io.runnel.broker.group;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A shard's timers, by key ("session-g1-m1", "join-g1", ...): scheduling a key replaces its previous timer. A
 * timer fires on the shard's executor and only if it is still the current timer of its key, so a timer cancelled
 * or replaced while its firing was already queued does nothing. Used only from the shard's executor.
 */
final class ShardTimers {

    private final CoordinatorScheduler scheduler;
    private final Executor shardExecutor;
    private final Map<String, Timer> timers = new HashMap<>();

    ShardTimers(CoordinatorScheduler scheduler, Executor shardExecutor) {
        this.scheduler = scheduler;
        this.shardExecutor = shardExecutor;
    }

    void schedule(String key, long delayMs, Runnable task) {
        cancel(key);
        Timer timer = new Timer();
        timers.put(key, timer);
        timer.handle = scheduler.schedule(
                delayMs,
                () -> shardExecutor.execute(() -> {
                    if (timers.get(key) == timer) {
                        timers.remove(key);
                        task.run();
                    }
                }));
    }

    void cancel(String key) {
        Timer previous = timers.remove(key);
        if (previous != null && previous.handle != null) {
            previous.handle.cancel();
        }
    }

    boolean isScheduled(String key) {
        return timers.containsKey(key);
    }

    void cancelAll() {
        for (Timer t : timers.values()) {
            if (t.handle != null) {
                t.handle.cancel();
            }
        }
        timers.clear();
    }

    private static final class Timer {
        CoordinatorScheduler.Cancellable handle;
    }
}
