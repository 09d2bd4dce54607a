package org.ofclustering.membership;

/**
 * What a capability that must never act across a fence (locks, routes) consults: whether this
 * node still holds its membership lease, and the fencing token of the current membership period.
 * Check {@link #holdsValidLease()} right before acting; where the action is a Redis script in the
 * membership hash slot, also compare the value of {@link #leaseKey()} with {@link #fencingToken()}
 * inside the script, which also covers a thread frozen between the check and the action.
 */
public interface LeaseGuard {
    /**
     * True while this node is a member and its lease is valid by its own conservative reckoning,
     * and Redis confirmed the lease after the last loss of a Redis connection: a Redis that
     * restarted without its data answers with an empty dataset, and until the lease is checked
     * again nothing this node reads there tells what the cluster holds.
     */
    boolean holdsValidLease();

    /**
     * How many Redis connection losses this node has seen; a read that began before a loss and
     * ended after it may have been answered by a Redis that lost its data (0 when not tracked).
     */
    default long connectionLosses() {
        return 0;
    }

    /** The current membership period's join order (only grows across the cluster), -1 when not a member. */
    long fencingToken();

    /** Redis key of this node's lease; while the lease lives it holds {@link #fencingToken()} as text. */
    String leaseKey();
}
