package org.ofclustering.membership;

import java.util.Objects;

/**
 * What this node announces about itself when it joins. Join order and join time are assigned by
 * the registry.
 *
 * @param nodeId     Openfire's NodeID as text; unique among live members
 * @param hostName   host name shown to administrators
 * @param bridgeHost host other nodes use for this node's file-transfer bridge, or null
 * @param bridgePort port of that bridge, or 0
 * @param version    the plugin version this node runs
 */
public record LocalNode(String nodeId, String hostName, String bridgeHost, int bridgePort, String version) {
    public LocalNode {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(version, "version");
        if (nodeId.isEmpty() || nodeId.length() > 200) {
            throw new IllegalArgumentException("node id must be 1 to 200 characters: '" + nodeId + "'");
        }
        if (bridgePort < 0 || bridgePort > 65535) {
            throw new IllegalArgumentException("bridge port " + bridgePort + " is not a TCP port");
        }
    }
}
