package org.ofclustering.e2e;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition a user would watch for until it holds or a generous deadline passes. */
final class Eventually {
    private Eventually() {
    }

    /** Waits until {@code condition} is true; fails with {@code what} and the time waited otherwise. Returns the time it took. */
    static Duration await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        return await(what, timeout, 100, condition);
    }

    /**
     * As {@link #await(String, Duration, Supplier)}, looking every {@code pollMillis}: a cheap
     * condition whose time is measured (a detection time) is looked at often, so that the poll
     * adds little to the figure.
     */
    static Duration await(String what, Duration timeout, long pollMillis, Supplier<Boolean> condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            Boolean ok;
            try {
                ok = condition.get();
            } catch (RuntimeException e) {
                ok = false; // e.g. a roster not loaded yet: look again
            }
            if (Boolean.TRUE.equals(ok)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(pollMillis);
        }
    }
}
