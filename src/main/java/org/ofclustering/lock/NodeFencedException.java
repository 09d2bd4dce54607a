package org.ofclustering.lock;

/**
 * This node's membership lease is no longer valid (it was cut off from Redis or frozen for longer
 * than the renewal deadline), so it may not take a cluster lock or change a clustered entry: the
 * other members may already have declared it dead and taken over its locks and routes. The
 * operation had no effect; the node rejoins by itself once Redis answers again.
 */
public final class NodeFencedException extends IllegalStateException {
    public NodeFencedException(String message) {
        super(message);
    }
}
