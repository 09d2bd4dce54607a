package org.ofclustering.membership;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of membership for status pages (the admin console's among them), built from local memory.
 *
 * @param localNodeId      this node's id
 * @param state            whether this node is a member
 * @param fencingToken     this node's join order while it is a member, else -1
 * @param epoch            the membership epoch last seen (increases on every join and departure)
 * @param leaseLength      how long a lease lasts without renewal before its node is declared gone
 * @param seniorNodeId     the senior member, or null
 * @param members          live members with their lease figures, in join order
 * @param fences           how often this node fenced itself since it started
 * @param rejoins          how often it rejoined after a fence
 * @param lastRenewalAgeMs time since the last successful renewal was sent, or -1
 * @param clusterVersion   the senior member's plugin version, or null
 * @param versionMismatches members whose plugin version differs from {@code clusterVersion}
 * @param recentEvents     the latest membership changes, oldest first
 */
public record MembershipStatus(String localNodeId, State state, long fencingToken, long epoch, Duration leaseLength,
                               String seniorNodeId,
                               List<MemberLease> members, long fences, long rejoins, long lastRenewalAgeMs,
                               String clusterVersion, List<MemberInfo> versionMismatches,
                               List<ClusterEvent> recentEvents) {
    /** Membership state of this node. */
    public enum State { STOPPED, MEMBER, FENCED }

    /**
     * A member and its lease as last observed.
     *
     * @param member           the member
     * @param leaseRemainingMs lease time left when last observed (Redis PTTL), or -1 if unknown
     * @param leaseAgeMs       estimated time since the member last renewed, or -1 if unknown
     */
    public record MemberLease(MemberInfo member, long leaseRemainingMs, long leaseAgeMs) {
    }
}
