package org.ofclustering.admin;

import org.ofclustering.membership.ClusterEvent;
import org.ofclustering.membership.MembershipStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the status page shows, observed at one moment by the local node. Sections that are
 * unknown (clustering disabled) may be null; the page says so instead of showing them.
 *
 * @param observedAt   when this snapshot was taken
 * @param clusterName  the configured cluster name
 * @param localNodeId  this node's id
 * @param state        where this node stands
 * @param nodes        the members, in join order
 * @param membership   membership as this node sees it (the members themselves are {@code nodes}), or null
 * @param redis        Redis, or null
 * @param rabbit       RabbitMQ, or null
 * @param database     the shared-database check, or null
 * @param proxy        the file-transfer proxy, or null
 * @param recentEvents newest first
 */
public record ClusterStatus(Instant observedAt, String clusterName, String localNodeId, ClusterState state,
                            List<NodeStatus> nodes, MembershipStatus membership, RedisStatus redis,
                            RabbitStatus rabbit, DatabaseCheck database, ProxyStatus proxy,
                            List<ClusterEvent> recentEvents) {
    public ClusterStatus {
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(state, "state");
        nodes = List.copyOf(nodes);
        recentEvents = List.copyOf(recentEvents);
    }
}
