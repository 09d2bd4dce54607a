package org.ofclustering.admin;

import java.util.Optional;

/**
 * Where the admin pages get what they show. Implemented by the plugin from the running engine;
 * called on admin console request threads, so every call must answer within a few seconds (ask
 * remote nodes with a deadline and report unknown numbers as -1 rather than wait).
 */
public interface ClusterStatusSource {
    /** A snapshot of the cluster as the local node sees it. */
    ClusterStatus status();

    /**
     * The node with that id and its caches, or empty when no live member has that id.
     *
     * @param nodeId Openfire's NodeID as text (the UTF-8 decoding of its bytes)
     */
    Optional<NodeDetail> node(String nodeId);
}
