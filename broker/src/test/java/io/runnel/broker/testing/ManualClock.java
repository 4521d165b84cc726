package io.runnel.broker.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.common.utils.Time;

/** A clock that moves only when a test says so. */
public final class ManualClock implements Time {

    private volatile long nanos = TimeUnit.MILLISECONDS.toNanos(1_700_000_000_000L);

    @Override
    public long milliseconds() {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public long nanoseconds() {
        return nanos;
    }

    @Override
    public void sleep(long ms) {
        advance(ms);
    }

    public synchronized void advance(long ms) {
        nanos += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException("Tests on a manual clock do not block");
    }
}
