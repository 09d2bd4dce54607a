package org.ofclustering.membership;

/**
 * This node's lease as the node itself reckons it: the token of the current membership period and
 * the monotonic instant at which its validity ends (send time of the last confirmed renewal plus
 * the renewal deadline; see {@link MembershipService} for why). Written on the heartbeat thread,
 * read anywhere.
 */
final class LocalLease {
    private record Period(long token, long validUntilNanos) {
    }

    private final long deadlineNanos;
    private final ClusterClock clock;
    private volatile Period period;
    private volatile long lastConfirmedSendNanos;
    private volatile long validUntilClusterMs = -1;

    LocalLease(long deadlineNanos, ClusterClock clock) {
        this.deadlineNanos = deadlineNanos;
        this.clock = clock;
    }

    /** A membership period starts with the join request sent at {@code sentNanos}. */
    void begin(long token, long sentNanos) {
        period = new Period(token, sentNanos + deadlineNanos);
        confirmed(sentNanos);
    }

    /** A renewal sent at {@code sentNanos} was confirmed; true when that moved the end of validity. */
    boolean extend(long token, long sentNanos) {
        Period p = period;
        if (p == null || p.token != token || sentNanos + deadlineNanos - p.validUntilNanos <= 0) {
            return false;
        }
        period = new Period(token, sentNanos + deadlineNanos);
        confirmed(sentNanos);
        return true;
    }

    private void confirmed(long sentNanos) {
        lastConfirmedSendNanos = sentNanos;
        validUntilClusterMs = clock.now() + (sentNanos + deadlineNanos - System.nanoTime()) / 1_000_000;
    }

    /** The period ended (fence or stop); returns its token, or -1 when there was none. */
    long end() {
        Period p = period;
        period = null;
        return p == null ? -1 : p.token;
    }

    /** Whether a renewal (or the join) sent after {@code nanoTime} was confirmed in the current period. */
    boolean confirmedAfter(long nanoTime) {
        return period != null && lastConfirmedSendNanos - nanoTime > 0;
    }

    boolean isValid() {
        Period p = period;
        return p != null && System.nanoTime() - p.validUntilNanos < 0;
    }

    /** Token of the current period, -1 when there is none. */
    long token() {
        Period p = period;
        return p == null ? -1 : p.token;
    }

    /** Nanoseconds of validity left (negative when past), or -1 without a period. */
    long remainingNanos() {
        Period p = period;
        return p == null ? -1 : p.validUntilNanos - System.nanoTime();
    }

    /** Cluster time at which the current or last period's validity ends, -1 before the first. */
    long validUntilClusterMs() {
        return validUntilClusterMs;
    }

    /** Milliseconds since the last confirmed renewal was sent, -1 without a period. */
    long lastRenewalAgeMs() {
        return period == null ? -1 : (System.nanoTime() - lastConfirmedSendNanos) / 1_000_000;
    }
}
