package org.ofclustering.membership;

/**
 * One membership change, for the administrator's list of recent events.
 *
 * @param clusterTime when it was seen (cluster time, ms since the epoch)
 * @param kind        what happened
 * @param nodeId      the node it concerns
 * @param detail      join order, reason or version, as text
 */
public record ClusterEvent(long clusterTime, Kind kind, String nodeId, String detail) {
    /** Kinds of membership change. */
    public enum Kind { JOINED, REJOINED, LEFT, CRASHED, SENIOR, FENCED, VERSION_MISMATCH }
}
