package org.ofclustering.redis;

import java.time.Instant;

/**
 * What one survey of a cluster's keys found: how many keys it has and, from a bounded sample of
 * them, how much memory they take.
 *
 * @param keys           keys of the cluster the survey counted
 * @param allKeysCounted false when the survey stopped at its bound before the end of the key space:
 *                       the cluster has at least {@code keys} keys
 * @param memoryBytes    memory of the counted keys: the sampled keys' mean {@code MEMORY USAGE} times
 *                       {@code keys}; exact when every key was sampled
 * @param sampledKeys    keys whose {@code MEMORY USAGE} was asked
 * @param takenAt        when the survey ran
 */
public record FootprintSample(long keys, boolean allKeysCounted, long memoryBytes, int sampledKeys, Instant takenAt) {
    /** Whether {@link #memoryBytes()} was scaled up from a sample rather than summed over every key. */
    public boolean memoryEstimated() {
        return sampledKeys < keys;
    }
}
