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
 * @param connectionWatch   how often this node looks for members whose Redis connection closed
 *                          (a killed process) and ends their lease; zero switches the watch off,
 *                          leaving only lease expiry (see {@link MembershipService})
 */
public record MembershipSettings(Duration heartbeatInterval, Duration leaseLength, Duration renewalDeadline,
                                 Duration requestTimeout, boolean autoRejoin, Duration connectionWatch) {
    /** Default interval of the connection watch. */
    public static final Duration DEFAULT_CONNECTION_WATCH = Duration.ofMillis(100);
    /** Defaults: heartbeat 500 ms, lease 2.5 s, renewal deadline 2 s, request timeout 500 ms, rejoin on, watch 100 ms. */
    public static final MembershipSettings DEFAULTS = of(Duration.ofMillis(500), Duration.ofMillis(2500));

    /** Settings with the default connection watch. */
    public MembershipSettings(Duration heartbeatInterval, Duration leaseLength, Duration renewalDeadline,
                              Duration requestTimeout, boolean autoRejoin) {
        this(heartbeatInterval, leaseLength, renewalDeadline, requestTimeout, autoRejoin, DEFAULT_CONNECTION_WATCH);
    }

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
        Objects.requireNonNull(connectionWatch, "connectionWatch");
        if (connectionWatch.isNegative() || (!connectionWatch.isZero() && connectionWatch.toMillis() < 10)) {
            throw new IllegalArgumentException("connection watch " + connectionWatch.toMillis() + " ms must be 0 (off) or at least 10 ms");
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
        return new MembershipSettings(heartbeatInterval, leaseLength, renewalDeadline, requestTimeout, rejoin, connectionWatch);
    }

    /** The same settings with another connection-watch interval (zero: off). */
    public MembershipSettings withConnectionWatch(Duration interval) {
        return new MembershipSettings(heartbeatInterval, leaseLength, renewalDeadline, requestTimeout, autoRejoin, interval);
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
