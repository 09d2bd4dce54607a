package org.ofclustering.admin;

import java.time.Duration;

/**
 * Cluster-wide membership facts; the members themselves are {@link ClusterStatus#nodes()}.
 *
 * @param epoch        the cluster epoch (grows with every membership change), or -1 when unknown
 * @param leaseLength  how long a lease lasts without renewal before its node is declared gone
 * @param seniorNodeId id of the senior member, or null when there is none
 */
public record MembershipStatus(long epoch, Duration leaseLength, String seniorNodeId) {
}
