package org.ofclustering.lock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the cluster locks of this node did since start, for the status page and the benchmark
 * profile. Counted on the hot path with {@link LongAdder}s (no contention between threads).
 */
public final class LockCounters {
    final LongAdder local = new LongAdder();
    final LongAdder remote = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder handedOver = new LongAdder();
    final LongAdder waitNanos = new LongAdder();
    final LongAdder singleReads = new LongAdder();
    final LongAdder fenced = new LongAdder();

    /** A snapshot of the counters. */
    public Snapshot snapshot() {
        return new Snapshot(local.sum(), remote.sum(), refused.sum(), handedOver.sum(),
                TimeUnit.NANOSECONDS.toMillis(waitNanos.sum()), singleReads.sum(), fenced.sum());
    }

    /**
     * @param localAcquisitions  first holds served from an ownership this node already had (no Redis)
     * @param remoteAcquisitions first holds that asked Redis (the lock was free, or handed over)
     * @param refusals           acquisition attempts answered "owned by another node" (the owner was asked)
     * @param handOvers          ownerships this node gave away (to a waiter, or freed when idle)
     * @param waitMillis         time threads spent waiting for another node's hand-over
     * @param singleReads        sections on a lock owned elsewhere run as one atomic read ({@link SingleReadSites})
     * @param fencedRefusals     acquisitions refused because this node's membership lease was not valid
     */
    public record Snapshot(long localAcquisitions, long remoteAcquisitions, long refusals, long handOvers,
                           long waitMillis, long singleReads, long fencedRefusals) {
        public Snapshot minus(Snapshot before) {
            return new Snapshot(localAcquisitions - before.localAcquisitions, remoteAcquisitions - before.remoteAcquisitions,
                    refusals - before.refusals, handOvers - before.handOvers, waitMillis - before.waitMillis,
                    singleReads - before.singleReads, fencedRefusals - before.fencedRefusals);
        }
    }
}
