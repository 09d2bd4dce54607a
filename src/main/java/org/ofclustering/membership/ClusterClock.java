package org.ofclustering.membership;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster time: the Redis server clock, read at each renewal ({@code TIME} inside the script) and
 * carried forward between renewals with this JVM's monotonic clock, so that answering costs no
 * network call and a step of the local wall clock does not move it. It never goes backwards.
 */
final class ClusterClock {
    private volatile Sample sample;
    private final AtomicLong lastAnswer = new AtomicLong();

    /** Records a Redis time read by a request sent at {@code sentNanos} and answered at {@code receivedNanos}. */
    void observe(long redisMs, long sentNanos, long receivedNanos) {
        long mid = sentNanos + (receivedNanos - sentNanos) / 2;
        sample = new Sample(redisMs, mid);
    }

    /** Milliseconds since the epoch by the cluster's clock (the local wall clock until the first renewal). */
    long now() {
        Sample s = sample;
        long estimate = s != null
                ? s.redisMs + (System.nanoTime() - s.nanos) / 1_000_000
                : System.currentTimeMillis();
        return lastAnswer.accumulateAndGet(estimate, Math::max);
    }

    /** This JVM's wall clock minus the cluster clock, in milliseconds (for status pages). */
    long localOffsetMs() {
        return System.currentTimeMillis() - now();
    }

    private record Sample(long redisMs, long nanos) {
    }
}
