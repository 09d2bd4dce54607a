/**
 * Who is in the cluster: node leases in Redis, join order and seniority, failure detection and
 * self-fencing. Other capabilities see membership only through {@link org.ofclustering.membership.ClusterView};
 * {@link org.ofclustering.membership.MembershipService} implements it and explains, in its class
 * comment, why a node that lost its lease stops acting before the others can declare it dead.
 */
package org.ofclustering.membership;
