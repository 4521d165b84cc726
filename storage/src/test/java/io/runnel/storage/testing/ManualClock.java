package io.runnel.storage.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.utils.Time;

/** A {@link Time} that moves only when a test says so; {@link #sleep} advances it instead of blocking. */
public final class ManualClock implements Time {

    private final AtomicLong nanos;

    public ManualClock(long startMs) {
        this.nanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(startMs));
    }

    public ManualClock() {
        this(1_700_000_000_000L);
    }

    @Override
    public long milliseconds() {
        return TimeUnit.NANOSECONDS.toMillis(nanos.get());
    }

    @Override
    public long nanoseconds() {
        return nanos.get();
    }

    @Override
    public void sleep(long ms) {
        advance(ms);
    }

    public ManualClock advance(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
        return this;
    }
}
