package org.ofclustering.admin;

/** Where the local node stands in the cluster, as the status page reports it. */
public enum ClusterState {
    /** Clustering is switched off on this node. */
    DISABLED,
    /** Clustering is switched on and the node is connecting or joining. */
    STARTING,
    /** The node is a member of the cluster. */
    CLUSTERED,
    /** The node lost its lease, stopped acting as a member and tries to rejoin. */
    FENCED,
    /** Clustering is switched on but cannot start (invalid settings, services unreachable). */
    FAILED
}
