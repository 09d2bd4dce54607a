package org.ofclustering.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * How cluster locks behave.
 *
 * @param lease            how long Redis keeps a lock of a node that stopped renewing it (crash, freeze);
 *                         a watchdog renews held locks every third of it
 * @param pipelinedAcquire when true (standalone and Sentinel only) {@code lock()} sends the acquisition
 *                         without waiting, and the first cache operation under the lock travels right
 *                         behind it on the same connection, so lock+get costs one round trip; see
 *                         {@link ClusterLocks} for the exclusion argument. False: {@code lock()} blocks
 *                         until Redis granted the lock.
 * @param maxRetryPause    longest pause between two attempts to take a lock another node holds
 */
public record LockSettings(Duration lease, boolean pipelinedAcquire, Duration maxRetryPause) {
    public LockSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(maxRetryPause, "maxRetryPause");
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("lock lease must be at least 300 ms, got " + lease.toMillis() + " ms");
        }
        if (maxRetryPause.isNegative() || maxRetryPause.isZero()) {
            throw new IllegalArgumentException("maxRetryPause must be positive");
        }
    }

    /** 10 s lease, pipelined acquisition, at most 20 ms between attempts. */
    public static LockSettings defaults() {
        return new LockSettings(Duration.ofSeconds(10), true, Duration.ofMillis(20));
    }

    public LockSettings withLease(Duration newLease) {
        return new LockSettings(newLease, pipelinedAcquire, maxRetryPause);
    }

    public LockSettings withPipelinedAcquire(boolean pipelined) {
        return new LockSettings(lease, pipelined, maxRetryPause);
    }
}
