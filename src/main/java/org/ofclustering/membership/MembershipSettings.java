package org.ofclustering.membership;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the node lease. See {@link MembershipService} for why these values keep a fenced node
 * from acting after the others may have declared it dead.
 *
 * @param heartbeatInterval how often the lease is renewed (and the registry observed)
 * @param leaseLength       how long a lease lives in Redis after its last renewal (Redis server time)
 * @param renewalDeadline   how long after sending its last successful renewal a node still
 *                          considers itself a member; past it the node fences itself. Must leave a
 *                          clock-drift margin below {@code leaseLength} (see {@link #driftMargin()})
 * @param requestTimeout    how long a join or lease-removal request may take before it counts as failed
 *                          (a renewal may take up to the renewal deadline: a late confirmation still counts)
 * @param autoRejoin        whether a fenced node rejoins by itself once Redis answers again
 */
public record MembershipSettings(Duration heartbeatInterval, Duration leaseLength, Duration renewalDeadline,
                                 Duration requestTimeout, boolean autoRejoin) {
    /** Defaults: heartbeat 1 s, lease 5 s, renewal deadline 4 s, request timeout 1 s, rejoin on. */
    public static final MembershipSettings DEFAULTS = of(Duration.ofSeconds(1), Duration.ofSeconds(5));

    public MembershipSettings {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(leaseLength, "leaseLength");
        Objects.requireNonNull(renewalDeadline, "renewalDeadline");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (heartbeatInterval.toMillis() < 10) {
            throw new IllegalArgumentException("heartbeat interval " + heartbeatInterval.toMillis() + " ms must be at least 10 ms");
        }
        if (renewalDeadline.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("renewal deadline " + renewalDeadline.toMillis()
                    + " ms must be at least two heartbeat intervals (" + heartbeatInterval.toMillis() + " ms each)");
        }
        Duration limit = leaseLength.minus(driftMargin(leaseLength));
        if (renewalDeadline.compareTo(limit) > 0) {
            throw new IllegalArgumentException("renewal deadline " + renewalDeadline.toMillis()
                    + " ms must not exceed lease length " + leaseLength.toMillis() + " ms minus a clock-drift margin of "
                    + driftMargin(leaseLength).toMillis() + " ms");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive");
        }
    }

    /**
     * Settings for a heartbeat and lease length, with the renewal deadline at one heartbeat before
     * the end of the lease (capped by the drift margin) and a request timeout of one heartbeat, at
     * least 200 ms.
     */
    public static MembershipSettings of(Duration heartbeatInterval, Duration leaseLength) {
        Duration byHeartbeat = leaseLength.minus(heartbeatInterval);
        Duration byDrift = leaseLength.minus(driftMargin(leaseLength));
        Duration deadline = byHeartbeat.compareTo(byDrift) < 0 ? byHeartbeat : byDrift;
        Duration timeout = heartbeatInterval.toMillis() < 200 ? Duration.ofMillis(200) : heartbeatInterval;
        return new MembershipSettings(heartbeatInterval, leaseLength, deadline, timeout, true);
    }

    /** The same settings with automatic rejoin switched on or off. */
    public MembershipSettings withAutoRejoin(boolean rejoin) {
        return new MembershipSettings(heartbeatInterval, leaseLength, renewalDeadline, requestTimeout, rejoin);
    }

    /** The margin this lease length keeps for clock-rate differences: 5 % of the lease, at least 100 ms. */
    public Duration driftMargin() {
        return driftMargin(leaseLength);
    }

    static Duration driftMargin(Duration leaseLength) {
        Duration fivePercent = leaseLength.dividedBy(20);
        return fivePercent.toMillis() < 100 ? Duration.ofMillis(100) : fivePercent;
    }
}
