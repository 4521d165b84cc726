package io.runnel.broker.network;

import java.util.function.BooleanSupplier;

/** Bounded polling for conditions another thread brings about. */
final class Await {

    private Await() {}

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }
}
