package org.ofclustering.admin;

import java.util.List;
import java.util.Objects;

/**
 * What the node page shows: the node and every cache it holds.
 *
 * @param node   the node
 * @param caches every cache of that node, in display order
 */
public record NodeDetail(NodeStatus node, List<CacheStatus> caches) {
    public NodeDetail {
        Objects.requireNonNull(node, "node");
        caches = List.copyOf(caches);
    }
}
