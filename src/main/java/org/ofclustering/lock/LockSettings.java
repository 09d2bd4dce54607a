package org.ofclustering.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * How cluster locks behave. None of these is an Openfire property: they are tuned by measurement
 * ({@code CacheBenchmark}'s contention rows) and fixed here.
 *
 * @param recheck          how long a waiting node trusts the owner's hand-over push before it asks
 *                         Redis again (covers a push lost while a Pub/Sub connection reconnected and an
 *                         owner whose lease ended while it owed a hand-over)
 * @param handoverQuantum  the anti-ping-pong policy: a node that was asked to hand a lock over still
 *                         lets threads of its own that are already queued for that lock run first,
 *                         until it has owned the lock this long; then it hands over at the next unlock
 * @param tryLockWait      how long {@code tryLock()} (without a timeout) waits for an idle owner on
 *                         another node to hand the lock over: a lock owned but unused elsewhere counts
 *                         as free
 * @param idleRelease      a lock this node owns but has not used for this long is given back (so the
 *                         ownerships of users who left do not pile up)
 */
public record LockSettings(Duration recheck, Duration handoverQuantum, Duration tryLockWait, Duration idleRelease) {
    public LockSettings {
        Objects.requireNonNull(recheck, "recheck");
        Objects.requireNonNull(handoverQuantum, "handoverQuantum");
        Objects.requireNonNull(tryLockWait, "tryLockWait");
        Objects.requireNonNull(idleRelease, "idleRelease");
        if (recheck.toMillis() < 10) {
            throw new IllegalArgumentException("recheck must be at least 10 ms, got " + recheck.toMillis() + " ms");
        }
        if (handoverQuantum.isNegative() || tryLockWait.isNegative()) {
            throw new IllegalArgumentException("handoverQuantum and tryLockWait must not be negative");
        }
        if (idleRelease.toMillis() < 1000) {
            throw new IllegalArgumentException("idleRelease must be at least 1 s, got " + idleRelease.toMillis() + " ms");
        }
    }

    /** 250 ms recheck, 2 ms hand-over quantum, 200 ms tryLock wait, 60 s idle release. */
    public static LockSettings defaults() {
        return new LockSettings(Duration.ofMillis(250), Duration.ofMillis(2), Duration.ofMillis(200), Duration.ofSeconds(60));
    }

    public LockSettings withHandoverQuantum(Duration quantum) {
        return new LockSettings(recheck, quantum, tryLockWait, idleRelease);
    }

    public LockSettings withIdleRelease(Duration idle) {
        return new LockSettings(recheck, handoverQuantum, tryLockWait, idle);
    }
}
