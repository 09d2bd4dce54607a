package org.ofclustering.admin;

import java.util.List;

/**
 * The cluster-aware file-transfer proxy on the local node.
 *
 * @param enabled         the proxy runs on this node
 * @param advertisedHosts host:port stream hosts offered to clients
 * @param activeTransfers transfers currently moving bytes through this node
 * @param bytesMoved      bytes relayed since the node started
 * @param crossNodeLinks  open links to other nodes' proxies (transfers whose legs are on two nodes)
 */
public record ProxyStatus(boolean enabled, List<String> advertisedHosts, long activeTransfers, long bytesMoved,
                          long crossNodeLinks) {
    public ProxyStatus {
        advertisedHosts = List.copyOf(advertisedHosts);
    }
}
