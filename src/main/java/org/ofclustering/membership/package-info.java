/**
 * Who is in the cluster: node leases in Redis, join order and seniority, failure detection and
 * self-fencing. Other capabilities see membership only through {@link org.ofclustering.membership.ClusterView}.
 */
package org.ofclustering.membership;
