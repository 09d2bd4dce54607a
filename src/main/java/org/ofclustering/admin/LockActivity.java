package org.ofclustering.admin;

/**
 * What this node's cluster locks did since it joined, for the Redis box of the status page: most
 * sections on the message path should be local (this node owns the lock), hand-overs and waiting
 * should stay rare.
 *
 * @param owned          locks this node owns in Redis now
 * @param local          first holds served without Redis (owned already)
 * @param remote         first holds that asked Redis (the lock was free, or handed over)
 * @param refusals       acquisitions answered "owned by another node"
 * @param handOvers      ownerships this node gave to another node (or freed when idle)
 * @param waitMillis     total time threads waited for another node's hand-over
 * @param singleReads    route lookups on a lock owned elsewhere, run as one read without moving the lock
 * @param fencedRefusals acquisitions refused while this node's membership lease was not valid
 */
public record LockActivity(long owned, long local, long remote, long refusals, long handOvers, long waitMillis,
                           long singleReads, long fencedRefusals) {
}
