package io.runnel.broker.purgatory;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds delayed operations until they can complete (Kafka's purgatory): an operation watches keys (partitions);
 * whoever changes a key's state (an append, a high-watermark move, a leadership change) calls
 * {@link #checkAndComplete} and the operations watching it re-check their condition on that thread. Operations
 * whose deadline passes are completed by the {@link ExpirationTimer}.
 *
 * <p>A completed operation is unwatched from all its keys at once, so operations on quiet keys do not pile up.
 *
 * @param <K> the key operations wait on
 * @param <T> the operation type
 */
public final class DelayedOperationPurgatory<K, T extends DelayedOperation> {

    private final String name;
    private final ExpirationTimer timer;
    private final ConcurrentHashMap<K, Set<T>> watchers = new ConcurrentHashMap<>();

    public DelayedOperationPurgatory(String name, ExpirationTimer timer) {
        this.name = name;
        this.timer = timer;
    }

    public String name() {
        return name;
    }

    /**
     * Completes the operation now if it can; otherwise watches it on {@code keys} until a wake-up completes it
     * or its deadline passes.
     *
     * @return true if the operation completed within this call
     */
    public boolean tryCompleteElseWatch(T operation, Collection<K> keys) {
        if (operation.safeTryComplete()) {
            return true;
        }
        List<K> watchedKeys = List.copyOf(keys);
        var scheduled = new AtomicReference<ExpirationTimer.Scheduled>();
        operation.afterCompletion(() -> {
            var task = scheduled.get();
            if (task != null) {
                task.cancel();
            }
            unwatch(operation, watchedKeys);
        });
        for (K key : watchedKeys) {
            watchers.compute(key, (k, ops) -> {
                Set<T> set = ops == null ? ConcurrentHashMap.newKeySet() : ops;
                set.add(operation);
                return set;
            });
        }
        // A wake-up between the first check and the watch registration would otherwise be lost.
        if (operation.safeTryComplete()) {
            return true;
        }
        scheduled.set(timer.schedule(operation.deadlineMs(), operation::expire));
        if (operation.isCompleted()) {
            // Completed by another thread while we registered: its hook may have run before the keys or the
            // timer task existed.
            scheduled.get().cancel();
            unwatch(operation, watchedKeys);
        }
        return false;
    }

    /**
     * Re-checks the operations watching {@code key}, completing those whose condition now holds.
     *
     * @return how many operations this call completed
     */
    public int checkAndComplete(K key) {
        Set<T> ops = watchers.get(key);
        if (ops == null) {
            return 0;
        }
        int completed = 0;
        for (T op : ops) {
            if (op.isCompleted()) {
                ops.remove(op);
            } else if (op.safeTryComplete()) {
                completed++;
            }
        }
        removeIfEmpty(key);
        return completed;
    }

    /** Number of operations watched on {@code key} and not yet completed. */
    public int watching(K key) {
        Set<T> ops = watchers.get(key);
        return ops == null
                ? 0
                : (int) ops.stream().filter(op -> !op.isCompleted()).count();
    }

    private void unwatch(T operation, List<K> keys) {
        for (K key : keys) {
            Set<T> ops = watchers.get(key);
            if (ops != null) {
                ops.remove(operation);
                removeIfEmpty(key);
            }
        }
    }

    private void removeIfEmpty(K key) {
        watchers.computeIfPresent(key, (k, ops) -> ops.isEmpty() ? null : ops);
    }
}
