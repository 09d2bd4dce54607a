package org.ofclustering.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * This cluster's keys in Redis, from the latest survey (surveys run at most once per interval,
 * however many pages ask).
 *
 * @param keys           keys of this cluster the survey counted
 * @param allKeysCounted false when the survey stopped at its bound: the cluster has at least {@code keys} keys
 * @param memoryBytes    memory of those keys; an estimate when {@code sampledKeys < keys}
 * @param sampledKeys    keys whose memory was measured
 * @param surveyedAt     when the survey ran
 * @param interval       the least time between two surveys
 */
public record KeyFootprint(long keys, boolean allKeysCounted, long memoryBytes, int sampledKeys, Instant surveyedAt,
                           Duration interval) {
    public KeyFootprint {
        Objects.requireNonNull(surveyedAt, "surveyedAt");
        Objects.requireNonNull(interval, "interval");
    }

    public boolean memoryEstimated() {
        return sampledKeys < keys;
    }
}
