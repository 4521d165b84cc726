package io.runnel.broker.group;

/**
 * Runs delayed tasks (session, rebalance and join-delay timers, offset expiry). Tasks must be cheap: they only hand
 * work to a shard's executor. Tests drive a manual implementation from a mock clock instead of sleeping.
 */
public interface CoordinatorScheduler {

    /** Runs {@code task} once, {@code delayMs} from now; the handle cancels it if it has not run yet. */
    Cancellable schedule(long delayMs, Runnable task);

    interface Cancellable {
        void cancel();
    }
}
