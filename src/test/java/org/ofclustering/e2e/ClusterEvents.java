package org.ofclustering.e2e;

/**
 * The lines Openfire's {@code ClusterManager} logs when it fires cluster events; the suite reads
 * cluster state from them because they come from Openfire core, whatever the plugin logs.
 */
final class ClusterEvents {
    static final String JOINED_THIS_NODE = "Firing joined cluster event for this node";
    static final String LEFT_THIS_NODE = "Firing left cluster event for this node";

    private ClusterEvents() {
    }

    static String joinedOther(OpenfireNode node) {
        return "Firing joined cluster event for another node:" + node.nodeId();
    }

    static String leftOther(OpenfireNode node) {
        return "Firing left cluster event for another node:" + node.nodeId();
    }
}
