package org.ofclustering.lock;

/**
 * This node's membership lease is no longer valid (it was cut off from Redis or frozen for longer
 * than the renewal deadline), so it may not take a cluster lock or change a clustered entry: the
 * other members may already have declared it dead and taken over its locks and routes. The
 * operation had no effect; the node rejoins by itself once Redis answers again.
 *
 * <p>{@link #standalone()}: the node has meanwhile switched its users to local caches (it left
 * the cluster on Openfire's side), so the operation belongs on those; the Openfire adapter
 * redirects it there instead of failing.
 */
public final class NodeFencedException extends IllegalStateException {
    private final boolean standalone;

    public NodeFencedException(String message, boolean standalone) {
        super(message);
        this.standalone = standalone;
    }

    /** Whether the node runs on local caches now (the operation may be redirected there). */
    public boolean standalone() {
        return standalone;
    }
}
