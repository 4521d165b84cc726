package io.runnel.broker.purgatory;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks at deadlines of the injected {@link Time}. One expiration thread sleeps until the earliest deadline
 * (or until an earlier task is scheduled), so waiting requests cost no thread and nothing polls. Tests that use a
 * manual clock do not {@link #start()} the thread; they advance the clock and call {@link #runDueTasks()}.
 *
 * <p>Tasks are kept in a skip list ordered by (deadline, sequence): scheduling and cancelling are O(log n) and
 * take no lock shared with other schedulers.
 */
public final class ExpirationTimer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExpirationTimer.class);

    private final Time time;
    private final ConcurrentSkipListMap<Key, Runnable> tasks = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition wakeUp = wakeLock.newCondition();
    private volatile boolean running;
    private Thread thread;

    public ExpirationTimer(Time time) {
        this.time = time;
    }

    /** A scheduled task; cancel it when the operation completed before its deadline. */
    public final class Scheduled {
        private final Key key;

        private Scheduled(Key key) {
            this.key = key;
        }

        public void cancel() {
            tasks.remove(key);
        }
    }

    private record Key(long deadlineMs, long sequence) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byDeadline = Long.compare(deadlineMs, other.deadlineMs);
            return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
        }
    }

    public Scheduled schedule(long deadlineMs, Runnable task) {
        var key = new Key(deadlineMs, sequence.incrementAndGet());
        tasks.put(key, task);
        if (running && key.equals(firstKeyOrNull())) {
            // The expiration thread may be sleeping towards a later deadline.
            wakeLock.lock();
            try {
                wakeUp.signalAll();
            } finally {
                wakeLock.unlock();
            }
        }
        return new Scheduled(key);
    }

    /** Runs every task whose deadline is at or before now; returns how many ran. */
    public int runDueTasks() {
        int ran = 0;
        long now = time.milliseconds();
        Map.Entry<Key, Runnable> first;
        while ((first = tasks.firstEntry()) != null && first.getKey().deadlineMs() <= now) {
            if (tasks.remove(first.getKey()) == null) {
                continue; // cancelled or taken meanwhile
            }
            try {
                first.getValue().run();
            } catch (RuntimeException e) {
                log.error("Expiration task failed", e);
            }
            ran++;
        }
        return ran;
    }

    /** Number of tasks not yet run nor cancelled. */
    public int size() {
        return tasks.size();
    }

    /** Starts the expiration thread. */
    public synchronized void start(String threadName) {
        if (thread != null) {
            throw new IllegalStateException("Expiration timer already started");
        }
        running = true;
        thread = new Thread(this::expireLoop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void expireLoop() {
        while (running) {
            runDueTasks();
            wakeLock.lock();
            try {
                Key first = firstKeyOrNull();
                long waitMs = first == null ? Long.MAX_VALUE : first.deadlineMs() - time.milliseconds();
                if (running && waitMs > 0) {
                    wakeUp.await(waitMs, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                wakeLock.unlock();
            }
        }
    }

    private Key firstKeyOrNull() {
        var first = tasks.firstEntry();
        return first == null ? null : first.getKey();
    }

    @Override
    public void close() throws InterruptedException {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            wakeLock.lock();
            try {
                wakeUp.signalAll();
            } finally {
                wakeLock.unlock();
            }
            t.join();
        }
    }
}
