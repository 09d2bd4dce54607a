package org.ofclustering.membership;

/**
 * What the cluster knows of one member.
 *
 * @param nodeId     the node's id (Openfire's NodeID as UTF-8 text)
 * @param hostName   the host name the node advertises (shown to administrators)
 * @param joinOrder  position in the total join order; the live member with the lowest value is senior
 * @param joinedAt   cluster time (ms since the epoch, from Redis) when the node joined
 * @param bridgeHost host other nodes use to reach this node's file-transfer bridge, or null if it has none
 * @param bridgePort port of that bridge, or 0
 * @param version    the plugin version the node runs
 */
public record MemberInfo(String nodeId, String hostName, long joinOrder, long joinedAt,
                         String bridgeHost, int bridgePort, String version) {
}
